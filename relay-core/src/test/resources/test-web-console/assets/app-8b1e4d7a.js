document.getElementById("app").textContent = "test console loaded";
