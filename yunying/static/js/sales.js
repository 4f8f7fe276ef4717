// Behaviours of the sales pages (loaded by sales/_style.html).

// The order form: show each line's unit, and offer the item's list price when the price is
// still empty.
function syncOrderLine(row, fill) {
  const select = row.querySelector("select");
  const option = select && select.options[select.selectedIndex];
  const unit = row.querySelector(".unit");
  if (unit) unit.textContent = option && option.dataset.unit ? option.dataset.unit : "";
  const price = row.querySelector("input.price");
  if (fill && price && !price.value && option && option.dataset.price) price.value = option.dataset.price;
  if (price && option && option.dataset.price) price.placeholder = option.dataset.price;
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("#order-form tr.order-line").forEach((row) => {
    syncOrderLine(row, false);
    const select = row.querySelector("select");
    if (select) select.addEventListener("change", () => syncOrderLine(row, true));
  });
});

// The payment form: typing an amount for a receivable means allocating to the receivables
// chosen.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.closest || !input.closest("#payment-form")) return;
  if (!input.name || !/^r\d+$/.test(input.name) || !input.value) return;
  const chosen = document.querySelector('#payment-form input[name="allocate"][value="chosen"]');
  if (chosen) chosen.checked = true;
});
