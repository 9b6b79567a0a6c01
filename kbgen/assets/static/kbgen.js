/* kbgen search: Material's search dialog, answered by Pagefind (loaded on first use). */
(function () {
  "use strict";
  var root = document.querySelector("[data-kb-search]");
  if (!root) return;
  var input = root.querySelector("[data-kb-query]");
  var list = root.querySelector("[data-kb-results]");
  var meta = root.querySelector("[data-kb-meta]");
  var toggle = document.getElementById("__search");
  var bundle = new URL(root.getAttribute("data-kb-pagefind"), document.baseURI).href;
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        var siteRoot = new URL("..", bundle).pathname;
        return Promise.resolve(pf.options({ baseUrl: siteRoot })).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function item(url, title, excerpt) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var h = document.createElement("h2");
    h.textContent = title;
    var p = document.createElement("p");
    /* Pagefind's excerpt is the page's own text with <mark> around matches; keep only the marks. */
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>(.*)<\/mark>$/.exec(part);
      var node = m ? document.createElement("mark") : document.createTextNode("");
      var tmp = document.createElement("textarea");
      tmp.innerHTML = m ? m[1] : part;
      if (m) node.textContent = tmp.value; else node.nodeValue = tmp.value;
      p.appendChild(node);
    });
    article.appendChild(h);
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* The agents' site: each matching section is a result of its own, the best first, titled
     "Playbook › section" (and "Playbook › section › reply" for a reply or statement under a
     section), so three "Severity levels" in one list say whose they are. */
  var internal = root.hasAttribute("data-kb-internal");

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || 0); }, 0);
  }

  function sectionTitle(page, sub) {
    var pageTitle = (page.meta && page.meta.title) || page.url;
    var anchor = sub.anchor || {};
    if (!anchor.element || anchor.element === "h1" || sub.title === pageTitle) return pageTitle;
    var parts = [pageTitle];
    if (anchor.element !== "h2") {
      var parent = null;
      (page.anchors || []).forEach(function (a) {
        if (a.element === "h2" && a.location < anchor.location) parent = a;
      });
      if (parent && parent.text) parts.push(parent.text.replace(/\s*¶$/, ""));
    }
    parts.push(sub.title);
    return parts.join(" › ");
  }

  function internalResults(page) {
    var subs = (page.sub_results || []).slice().sort(function (a, b) { return score(b) - score(a); });
    if (!subs.length) {
      return [item(page.url, (page.meta && page.meta.title) || page.url, page.excerpt)];
    }
    return subs.slice(0, 3).map(function (s) { return item(s.url, sectionTitle(page, s), s.excerpt); });
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) { list.textContent = ""; meta.textContent = ""; return; }
    load().then(function (pf) { return pf.debouncedSearch(query, {}, 150); }).then(function (found) {
      if (!found || ticket !== latest) return null;
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (!pages || ticket !== latest) return;
      list.textContent = "";
      var count = 0;
      pages.forEach(function (page) {
        if (internal) {
          internalResults(page).forEach(function (li) { list.appendChild(li); count++; });
          return;
        }
        var subs = (page.sub_results || []).filter(function (s) { return s.url !== page.url; });
        if (subs.length) {
          subs.slice(0, 3).forEach(function (s) { list.appendChild(item(s.url, s.title, s.excerpt)); count++; });
        } else {
          list.appendChild(item(page.url, (page.meta && page.meta.title) || page.url, page.excerpt));
          count++;
        }
      });
      meta.textContent = count ? "" : root.getAttribute("data-kb-none");
    });
  }

  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("focus", load, { once: true });
  /* Typing in the header field opens the dialog, as Material's own search does. */
  function open() { if (toggle && !toggle.checked) { toggle.checked = true; } }
  input.addEventListener("focus", open);
  input.addEventListener("input", open);
  var form = root.querySelector("form");
  if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); }); }
  /* Buttons that open the search (the home page's "type your question"). */
  Array.prototype.forEach.call(document.querySelectorAll("[data-kb-open-search]"), function (button) {
    button.addEventListener("click", function () { open(); input.focus(); });
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { setTimeout(function () { input.focus(); }, 50); }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) { toggle.checked = false; }
    var typing = /input|textarea|select/i.test((event.target || {}).tagName || "");
    if (!typing && (event.key === "/" || event.key === "s") && toggle && !toggle.checked) {
      event.preventDefault(); toggle.checked = true; input.focus();
    }
  });
  list.addEventListener("click", function () { if (toggle) toggle.checked = false; });
})();

/* A table wider than the screen scrolls sideways in Material's wrapper: let the keyboard reach it too. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  }
  var timer = null;
  window.addEventListener("load", mark);
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 100); });
})();
