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

  var help = root.querySelector("[data-kb-help]");
  /* The keywords of a question's search record follow a "⁂" (templates/redirect.html.j2): found, never shown. */
  var KEYWORDS = "\u2042";
  var EXCERPT = 24;

  function item(url, title, excerpt, context) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (context) {
      var c = document.createElement("div");
      c.className = "kb-result-context";
      c.textContent = context;
      article.appendChild(c);
    }
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

  /* A question's own record (its permanent address, q/ID/): one result, linking straight to the answer.
     Its content is the question, the answer and, after "⁂", the keywords: the excerpt is made here from
     the answer's words alone, around the first match in them, the matches marked. */
  function question(page) {
    var here = new URL(page.url, location.href);
    var words = page.content.split(/\s+/);
    var start = page.meta.title.split(/\s+/).length;
    var end = words.indexOf(KEYWORDS);
    if (end < 0) end = words.length;
    var hits = {};
    (page.locations || []).forEach(function (at) { hits[at] = true; });
    var first = (page.locations || []).filter(function (at) { return at >= start && at < end; })[0];
    var from = first === undefined ? start : Math.max(start, Math.min(first - 8, end - EXCERPT));
    var to = Math.min(end, from + EXCERPT);
    var escape = function (w) { return w.replace(/&/g, "&amp;").replace(/</g, "&lt;"); };
    var shown = words.slice(from, to).map(function (w, i) {
      return hits[from + i] ? "<mark>" + escape(w) + "</mark>" : escape(w);
    });
    var excerpt = (from > start ? "… " : "") + shown.join(" ") + (to < end ? " …" : "");
    var target = new URL(page.meta.target, here);
    return item(target.pathname + target.search + target.hash, page.meta.title, excerpt, page.meta.category);
  }

  /* Any other page: its best section (most matches), else the page itself. */
  function other(page) {
    var subs = (page.sub_results || []).filter(function (s) { return s.url !== page.url; });
    var title = (page.meta && page.meta.title) || page.url;
    if (!subs.length) return item(page.url, title, page.excerpt, "");
    var best = subs.reduce(function (a, b) { return (b.locations || []).length > (a.locations || []).length ? b : a; });
    return item(best.url, best.title, best.excerpt, title);
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) { list.textContent = ""; meta.textContent = ""; if (help) help.hidden = true; return; }
    load().then(function (pf) { return pf.debouncedSearch(query, {}, 150); }).then(function (found) {
      if (!found || ticket !== latest) return null;
      return Promise.all(found.results.slice(0, 12).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (!pages || ticket !== latest) return;
      list.textContent = "";
      pages.forEach(function (page) {
        if (internal) {
          internalResults(page).forEach(function (li) { list.appendChild(li); });
          return;
        }
        list.appendChild(page.meta && page.meta.target ? question(page) : other(page));
      });
      meta.textContent = pages.length ? "" : root.getAttribute("data-kb-none");
      if (help) help.hidden = pages.length > 0;
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
  if (help) help.addEventListener("click", function (event) {
    if (event.target.closest("a") && toggle) toggle.checked = false;
  });
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

/* Every question has an address to share: the Web Share API where the device has it, else copy. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-kb-share]");
    if (!link) return;
    event.preventDefault();
    var url = link.href;
    var said = link.parentNode.querySelector(".kb-share__said");
    function copied() { if (said) said.textContent = link.getAttribute("data-kb-copied"); }
    if (navigator.share) {
      navigator.share({ title: link.getAttribute("data-kb-title"), url: url }).catch(function () {});
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(copied, function () { window.prompt("", url); });
    } else {
      window.prompt("", url);
    }
  });
})();

/* "Was this helpful?": Yes or No. No shows where a person answers. The answer is sent only where
   kb.yml names a destination (a form address, or Material's analytics); otherwise nothing is recorded
   and nothing says it was. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-answer]");
    if (!button) return;
    var box = button.closest("[data-kb-helpful]");
    var answer = button.getAttribute("data-kb-answer");
    var said = box.querySelector(".kb-helpful__said");
    var sent = false;
    var site = document.querySelector("[data-kb-search]");
    var send = site && site.getAttribute("data-kb-feedback");
    var data = { question: box.getAttribute("data-kb-question"), helpful: answer, page: location.pathname, lang: document.documentElement.lang };
    if (send && navigator.sendBeacon) {
      var form = new FormData();
      Object.keys(data).forEach(function (key) { form.append(key, data[key]); });
      sent = navigator.sendBeacon(send, form);
    } else if (site && site.hasAttribute("data-kb-analytics") && typeof window.gtag === "function") {
      window.gtag("event", "feedback", { event_category: "question", event_label: data.question, value: answer === "yes" ? 1 : 0 });
      sent = true;
    }
    Array.prototype.forEach.call(box.querySelectorAll("[data-kb-answer]"), function (b) {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    box.querySelector(".kb-helpful__no").hidden = answer !== "no";
    said.hidden = !(sent || answer === "yes");
    said.textContent = sent ? said.getAttribute("data-kb-thanks") : (answer === "yes" ? said.getAttribute("data-kb-glad") : "");
  });
})();

/* Addresses that outlive a move: the language switch keeps the question (#id); an old link to a
   question that moved to another page (faq/OLD/#id) goes on to its permanent address, q/ID/. */
(function () {
  "use strict";
  var root = document.querySelector("[data-kb-site]");
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (link && location.hash) link.href = link.href.split("#")[0] + location.hash;
  }, true);
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!root || !/^[a-z0-9][a-z0-9-]*$/.test(id) || document.getElementById(id)) return;
    var site = new URL(root.getAttribute("data-kb-site"), document.baseURI);
    var there = new URL("q/" + id + "/", site);
    fetch(there.href, { method: "HEAD" }).then(function (response) {
      if (response.ok) location.replace(there.href + location.search);
    }, function () {});
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
