// Small behaviours shared by all pages. HTMX does the partial updates. No page has inline
// script or on…= handlers (the Content-Security-Policy refuses them): behaviour hangs on data-
// attributes here.
const STATIC_URL = document.currentScript
  ? new URL("../", document.currentScript.src).href
  : "/static/";

document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// <select data-autosubmit>: choosing submits its form (filters, the language switch).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  }
});
// <button data-print>, <button data-back>.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-print], [data-back]");
  if (!button) return;
  event.preventDefault();
  if (button.hasAttribute("data-print")) window.print();
  else window.history.back();
});

// Charts: <div class="chart" data-chart='{"...echarts option..."}'></div>. A page that has
// charts loads vendor/echarts.min.js in its head; a fragment that HTMX brings into a page
// without it has it loaded here, once.
let echartsLoading = null;
function loadECharts() {
  if (window.echarts) return Promise.resolve();
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      let script = document.querySelector('script[src$="vendor/echarts.min.js"]');
      if (!script) {
        script = document.createElement("script");
        script.src = `${STATIC_URL}vendor/echarts.min.js`;
        document.head.appendChild(script);
      }
      script.addEventListener("load", () => resolve());
      script.addEventListener("error", reject);
    });
  }
  return echartsLoading;
}
function drawCharts(root) {
  const elements = root.querySelectorAll("[data-chart]");
  if (!elements.length) return;
  if (!window.echarts) {
    loadECharts().then(() => drawCharts(root));
    return;
  }
  elements.forEach((element) => {
    if (element.dataset.drawn) return;
    element.dataset.drawn = "1";
    const chart = window.echarts.init(element);
    chart.setOption(JSON.parse(element.dataset.chart));
    window.addEventListener("resize", () => chart.resize());
  });
}
window.drawCharts = drawCharts;
document.addEventListener("DOMContentLoaded", () => drawCharts(document));
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target));

// <button data-menu-toggle aria-controls="sidebar">: on narrow screens the menu opens over the
// page and closes with the button again, Escape, or a choice in it.
function setMenu(open) {
  const button = document.querySelector("[data-menu-toggle]");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  menu.classList.toggle("open", open);
  button.setAttribute("aria-expanded", open ? "true" : "false");
}
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-menu-toggle]");
  if (button) {
    setMenu(button.getAttribute("aria-expanded") !== "true");
    return;
  }
  const menu = document.querySelector(".sidebar.open");
  if (menu && !menu.contains(event.target)) setMenu(false);
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") setMenu(false);
});
