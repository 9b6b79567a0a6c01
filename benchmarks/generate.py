"""Generate a synthetic knowledge base of any size (deterministic for a given size and seed).

    python benchmarks/generate.py OUT --faqs 5000 --categories 100 --playbooks 300 --standards 50

FAQs are Spanish-like text of 80-150 words with English translations, so both languages and
both audiences are built as for a real company.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS_ES = [
    "cliente",
    "pedido",
    "entrega",
    "nevera",
    "lavadora",
    "garantía",
    "instalación",
    "técnico",
    "factura",
    "pago",
    "devolución",
    "reembolso",
    "horario",
    "tienda",
    "línea",
    "asesor",
    "queja",
    "reclamo",
    "solicitud",
    "respuesta",
    "plazo",
    "revisión",
    "servicio",
    "equipo",
    "modelo",
    "consumo",
    "energía",
    "tamaño",
    "capacidad",
    "puerta",
    "cajón",
    "mantenimiento",
    "repuesto",
    "visita",
    "domicilio",
    "ciudad",
    "envío",
    "transportadora",
    "bloqueo",
    "bloquear",
    "acceso",
    "cuenta",
    "contraseña",
    "aplicación",
    "correo",
    "mensaje",
    "llamada",
    "cita",
    "cambio",
    "producto",
    "precio",
    "descuento",
    "cuota",
    "crédito",
    "tarjeta",
    "efectivo",
    "comprobante",
    "número",
    "caso",
    "seguimiento",
]
WORDS_EN = [
    "customer",
    "order",
    "delivery",
    "fridge",
    "washer",
    "warranty",
    "installation",
    "technician",
    "invoice",
    "payment",
    "return",
    "refund",
    "hours",
    "store",
    "line",
    "agent",
    "complaint",
    "claim",
    "request",
    "answer",
    "deadline",
    "review",
    "service",
    "appliance",
    "model",
    "usage",
    "energy",
    "size",
    "capacity",
    "door",
    "drawer",
    "maintenance",
    "part",
    "visit",
    "home",
    "city",
    "shipping",
    "carrier",
    "lock",
    "access",
    "account",
    "password",
    "app",
    "email",
    "message",
    "call",
    "appointment",
    "change",
    "product",
    "price",
    "discount",
    "instalment",
    "credit",
    "card",
    "cash",
]


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    chosen = [rng.choice(words) for _ in range(n)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, words: list[str], total: int) -> str:
    out: list[str] = []
    left = total
    while left > 0:
        n = min(left, rng.randint(8, 16))
        out.append(sentence(rng, words, n))
        left -= n
    return " ".join(out)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out: Path, faqs: int, categories: int, playbooks: int, standards: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "protocols" / "standards").mkdir(parents=True)
    (out / "protocols" / "faqs").mkdir(parents=True)
    (out / "protocols" / "playbooks").mkdir(parents=True)
    (out / "docs" / "public").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(
        "site_name: Synthetic\ntheme: {name: material}\nplugins: [kbgen]\n", encoding="utf-8"
    )
    (out / "protocols" / "kb.yml").write_text(
        'organization: {name: Sintética S.A., url: "https://kb.example.com"}\n'
        "languages: [es, en]\n"
        "calendars:\n"
        "  - id: office\n"
        "    timezone: America/Bogota\n"
        '    week: {mon-fri: "07:00-20:00", sat: "08:00-14:00"}\n'
        "    holidays_of: {country: CO}\n"
        "channels:\n"
        '  - {id: phone, name: {es: Línea, en: Line}, kind: voice, contact: "01 8000 123 456", hours: office}\n'
        '  - {id: chat, name: {es: Chat, en: Chat}, kind: chat, contact: "https://kb.example.com/chat", '
        "hours: 24x7}\n"
        "  - {id: email, name: {es: Correo, en: Email}, kind: email, contact: ayuda@example.com, hours: office}\n"
        '  - {id: escalation, name: {es: Escalamiento, en: Escalation}, kind: voice, contact: "ext. 1", '
        "hours: office, audience: internal}\n",
        encoding="utf-8",
    )
    metrics = ["first_response", "resolution", "wait_time", "delivery", "installation", "refund", "callback"]
    lines: list[str] = []
    for i in range(standards):
        metric = metrics[i % len(metrics)]
        public = "public" if i % 2 == 0 else "internal"
        lines += [
            f"- id: std-{i}",
            f"  title: {{es: Estándar {i}, en: Standard {i}}}",
            f"  metric: {metric}",
            f"  target: {rng.randint(1, 48)}h",
            "  goal: 90%",
            f"  clock: {'office' if i % 3 else '24x7'}",
            f"  audience: {public}",
            "  owner: calidad",
            "  reviewed: 2026-10-01",
        ]
    (out / "protocols" / "standards" / "standards.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    public_standards = [f"std-{i}" for i in range(0, standards, 2)]
    stages = ["presale", "purchase", "delivery", "postsale"]
    per_category = max(1, faqs // categories)
    n = 0
    for c in range(categories):
        count = per_category if c < categories - 1 else faqs - n
        body = [
            "category:",
            f"  id: cat-{c}",
            f"  title: {{es: Categoría {c}, en: Category {c}}}",
            f"  stage: {stages[c % 4]}",
            f"  order: {c}",
            "faqs:",
        ]
        for _ in range(count):
            es = paragraph(rng, WORDS_ES, rng.randint(80, 150))
            en = paragraph(rng, WORDS_EN, rng.randint(80, 150))
            ref = rng.choice(public_standards)
            body += [
                f"  - id: faq-{n}",
                f"    question: {{es: {quote('¿' + sentence(rng, WORDS_ES, 6)[:-1] + '?')}, "
                f"en: {quote(sentence(rng, WORDS_EN, 6)[:-1] + '?')}}}",
                "    answer:",
                f"      es: {quote(es + ' Respondemos en {std:' + ref + '}.')}",
                f"      en: {quote(en + ' We answer within {std:' + ref + '}.')}",
                f"    featured: {'true' if n % 200 == 0 else 'false'}",
                "    owner: contenidos",
                "    reviewed: 2026-09-01",
            ]
            n += 1
        (out / "protocols" / "faqs" / f"cat-{c}.yml").write_text("\n".join(body) + "\n", encoding="utf-8")
    kinds = ["daily", "crisis", "recovery", "customer-type"]
    for p in range(playbooks):
        kind = kinds[p % 4]
        folder = out / "protocols" / "playbooks" / kind
        folder.mkdir(exist_ok=True)
        steps = []
        for s in range(6):
            steps += [
                f"  - id: s{s}",
                f"    do: {{es: {quote(sentence(rng, WORDS_ES, 12))}, en: {quote(sentence(rng, WORDS_EN, 12))}}}",
                "    role: agent",
                f"    within: {15 * (s + 1)}m",
            ]
            if s:
                steps.append(f"    after: s{s - 1}")
        text = [
            f"id: pb-{p}",
            f"kind: {kind}",
            f"title: {{es: Protocolo {p}, en: Playbook {p}}}",
            f"trigger: {{es: {quote(sentence(rng, WORDS_ES, 10))}, en: {quote(sentence(rng, WORDS_EN, 10))}}}",
            "roles:",
            "  - {id: agent, title: {es: Asesor, en: Agent}}",
            f"standards: [std-{p % standards}]",
            "steps:",
            *steps,
            "templates:",
            f"  - id: tpl-{p}",
            "    title: {es: Respuesta, en: Reply}",
            "    channel: email",
            "    body:",
            f"      es: {quote('Hola {{ customer_name }}, ' + paragraph(rng, WORDS_ES, 40))}",
            f"      en: {quote('Hello {{ customer_name }}, ' + paragraph(rng, WORDS_EN, 40))}",
            "owner: operaciones",
            "reviewed: 2026-09-01",
        ]
        (folder / f"pb-{p}.yml").write_text("\n".join(text) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--faqs", type=int, default=5000)
    parser.add_argument("--categories", type=int, default=100)
    parser.add_argument("--playbooks", type=int, default=300)
    parser.add_argument("--standards", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.faqs, args.categories, args.playbooks, args.standards, args.seed)


if __name__ == "__main__":
    main()
