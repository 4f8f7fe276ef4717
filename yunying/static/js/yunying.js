// Small behaviours shared by all pages. HTMX does the partial updates.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// Charts: <div class="chart" data-chart='{"...echarts option..."}'></div>
function drawCharts(root) {
  if (!window.echarts) return;
  root.querySelectorAll("[data-chart]").forEach((element) => {
    if (element.dataset.drawn) return;
    element.dataset.drawn = "1";
    const chart = window.echarts.init(element);
    chart.setOption(JSON.parse(element.dataset.chart));
    window.addEventListener("resize", () => chart.resize());
  });
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document));
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target));
