// Calls the API with paths relative to this page, so it works under any
// function name or route the module is deployed at.
const out = document.getElementById("out");

async function show(responsePromise) {
  const res = await responsePromise;
  const id = res.headers.get("X-Request-Id");
  out.textContent = `${res.status} (request ${id})\n${await res.text()}`;
}

function on(formId, call) {
  document.getElementById(formId).addEventListener("submit", (event) => {
    event.preventDefault();
    show(call(new FormData(event.target)));
  });
}

on("capitalize", (f) => fetch(`api/capitalize/${encodeURIComponent(f.get("word"))}`));
on("echo-query", (f) => fetch(`api/echo-query?${new URLSearchParams(f)}`));
on("echo-person", (f) =>
  fetch("api/echo-person", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: f.get("json"),
  }));
