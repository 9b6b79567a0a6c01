"""kbgen's own words per language, and promises written in words by Babel.

Catalogs ship for es, en and pt; any other language Babel knows gets
English words around Babel-formatted numbers, durations, dates and hours.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_time, get_day_names, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from kbgen.scalars import DAYS, Duration, Percent, Score, Target, TimeRange

CATALOGS: dict[str, dict[str, str]] = {
    "es": {
        "statement.scheduled": "Aviso previo",
        "statement.investigating": "En investigación",
        "statement.identified": "Causa identificada",
        "statement.monitoring": "En seguimiento",
        "statement.update": "Actualización",
        "statement.resolved": "Resuelto",
        "statement.holding": "Declaración inicial",
        "statement.apology": "Disculpa",
        "statement.closing": "Cierre",
        "business.suffix": "hábiles",
        "business.suffix.one": "hábil",
        "business.multi": "{list} de tiempo hábil",
        "at_most.percent": "menos del {value}",
        "at_least.percent": "al menos el {value}",
        "at_most.score": "como máximo {value} sobre {scale}",
        "at_least.score": "al menos {value} sobre {scale}",
        "statistic.average": "en promedio",
        "statistic.median": "en la mediana de los casos",
        "statistic.max": "siempre",
        "goal.share": "en el {goal} de los casos",
        "hours.range": "de {start} a {end}",
        "hours.days": "{first} a {last}",
        "hours.always": "24 horas, todos los días",
        "hours.closed": "cerrado",
        "hours.tz": "hora de {place}",
        "hours.holidays": "Cerrado los días festivos.",
        "home": "Inicio",
        "home.title": "¿En qué podemos ayudarte?",
        "site.description": "Centro de ayuda de {org}: respuestas por etapa de tu compra, nuestros compromisos "
        "de servicio y todos los canales de contacto con sus horarios.",
        "editors": "Para editores",
        "contact.all": "Todos los canales y horarios",
        "family.response": "Respuesta y espera",
        "family.delivery": "Entrega, instalación y visitas",
        "family.resolution": "Solución y reembolsos",
        "family.quality": "Calidad del servicio",
        "questions": "Preguntas frecuentes",
        "commitments": "Nuestros compromisos",
        "contact": "Contacto",
        "featured": "Preguntas más consultadas",
        "stages": "Preguntas por etapa de la compra",
        "related": "Relacionadas",
        "last_reviewed": "Última revisión",
        "helpful": "¿Te sirvió esta respuesta?",
        "helpful.channels": "Si aún tienes dudas, escríbenos o llámanos:",
        "helpful.page": "¿Te sirvió esta página?",
        "helpful.yes": "Sí, me sirvió",
        "helpful.no": "No me sirvió",
        "helpful.thanks": "¡Gracias por contarnos!",
        "helpful.sorry": "Gracias. Si aún tienes dudas, escríbenos o llámanos: estamos para ayudarte.",
        "channel": "Canal",
        "contact_col": "Contacto",
        "hours": "Horario",
        "promise": "Compromiso",
        "goal": "Casos",
        "measured": "Cómo se mide",
        "applies": "Aplica a",
        "all_channels": "Todos los canales",
        "segments": "Clientes",
        "holidays": "Días festivos",
        "no_translation": "Esta página aún no está traducida; se muestra en {language}.",
        "internal_banner": "Sitio interno para asesores: no compartir con clientes.",
        "call_us": "Llámanos",
        "search": "Buscar",
        "search.none": "Sin resultados. Prueba con otras palabras o contáctanos.",
        "search.placeholder": "Escribe tu pregunta",
        "playbooks": "Protocolos",
        "kind.daily": "Solicitudes del día a día",
        "kind.crisis": "Crisis reputacional",
        "kind.recovery": "Recuperación del servicio",
        "kind.customer-type": "Tipos de cliente",
        "trigger": "Cuándo usarlo",
        "signs": "Señales",
        "severity": "Niveles de gravedad",
        "roles": "Roles",
        "steps": "Pasos",
        "within": "Plazo",
        "within.start": "{duration} desde el inicio del caso",
        "within.after": "{duration} después de «{step}»",
        "every": "Repetir cada {duration} mientras el caso siga abierto",
        "serves": "Cumple",
        "templates": "Respuestas predefinidas",
        "statements": "Declaraciones aprobadas",
        "placeholders": "Datos para completar",
        "subject": "Asunto",
        "avoid": "Qué evitar",
        "close_when": "Cuándo cerrar",
        "escalate": "Escalamiento",
        "escalate.when": "Cuándo",
        "escalate.to": "A quién",
        "corrective": "Acciones correctivas",
        "standards_matrix": "Matriz de estándares",
        "replies": "Biblioteca de respuestas",
        "review": "Revisión de contenidos",
        "review.overdue": "Revisión vencida",
        "review.soon": "Revisión próxima (30 días)",
        "review.none": "Nada pendiente de revisión.",
        "review.never": "nunca revisado",
        "owner": "Responsable",
        "item": "Elemento",
        "due": "Vence",
        "audience": "Audiencia",
        "audience.public": "Público",
        "audience.internal": "Interno",
        "metric": "Métrica",
        "target": "Meta",
        "clock": "Reloj",
        "clock.24x7": "24x7",
        "phase": "Fase",
        "role": "Rol",
        "level": "Nivel",
        "description": "Descripción",
        "examples": "Ejemplos",
        "duties": "Funciones",
        "vip_only": "Solo para",
        "appointment": "Con cita previa",
        "accessibility": "Accesibilidad",
        "address": "Dirección",
        "open_24x7": "Abierto 24/7",
        "self_service": "Autoservicio, disponible siempre",
    },
    "en": {
        "statement.scheduled": "Advance notice",
        "statement.investigating": "Investigating",
        "statement.identified": "Cause identified",
        "statement.monitoring": "Monitoring",
        "statement.update": "Update",
        "statement.resolved": "Resolved",
        "statement.holding": "Holding statement",
        "statement.apology": "Apology",
        "statement.closing": "Closing",
        "business.suffix": "business",
        "business.suffix.one": "business",
        "business.multi": "{list} of business time",
        "at_most.percent": "under {value}",
        "at_least.percent": "at least {value}",
        "at_most.score": "at most {value} out of {scale}",
        "at_least.score": "at least {value} out of {scale}",
        "statistic.average": "on average",
        "statistic.median": "in the median case",
        "statistic.max": "always",
        "goal.share": "in {goal} of cases",
        "hours.range": "{start} to {end}",
        "hours.days": "{first} to {last}",
        "hours.always": "24 hours, every day",
        "hours.closed": "closed",
        "hours.tz": "{place} time",
        "hours.holidays": "Closed on public holidays.",
        "home": "Home",
        "home.title": "How can we help you?",
        "site.description": "{org} help centre: answers for every stage of your purchase, our service "
        "commitments and every contact channel with its hours.",
        "editors": "For editors",
        "contact.all": "All channels and hours",
        "family.response": "Replies and waiting times",
        "family.delivery": "Delivery, installation and visits",
        "family.resolution": "Solutions and refunds",
        "family.quality": "Service quality",
        "questions": "Frequently asked questions",
        "commitments": "Our commitments",
        "contact": "Contact",
        "featured": "Most asked questions",
        "stages": "Questions by stage of your purchase",
        "related": "Related",
        "last_reviewed": "Last reviewed",
        "helpful": "Was this answer helpful?",
        "helpful.channels": "Still have questions? Write or call us:",
        "helpful.page": "Was this page helpful?",
        "helpful.yes": "Yes, it helped",
        "helpful.no": "It did not help",
        "helpful.thanks": "Thanks for telling us!",
        "helpful.sorry": "Thank you. If you still have questions, write or call us: we are here to help.",
        "channel": "Channel",
        "contact_col": "Contact",
        "hours": "Hours",
        "promise": "Commitment",
        "goal": "Cases",
        "measured": "How it is measured",
        "applies": "Applies to",
        "all_channels": "All channels",
        "segments": "Customers",
        "holidays": "Public holidays",
        "no_translation": "This page is not translated yet; it is shown in {language}.",
        "internal_banner": "Internal site for agents: do not share with customers.",
        "call_us": "Call us",
        "search": "Search",
        "search.none": "No results. Try other words or contact us.",
        "search.placeholder": "Type your question",
        "playbooks": "Playbooks",
        "kind.daily": "Daily requests",
        "kind.crisis": "Reputational crises",
        "kind.recovery": "Service recovery",
        "kind.customer-type": "Customer types",
        "trigger": "When to use it",
        "signs": "Signs",
        "severity": "Severity levels",
        "roles": "Roles",
        "steps": "Steps",
        "within": "Within",
        "within.start": "{duration} from the start of the case",
        "within.after": "{duration} after “{step}”",
        "every": "Repeat every {duration} while the case is open",
        "serves": "Meets",
        "templates": "Canned replies",
        "statements": "Approved statements",
        "placeholders": "Fill in",
        "subject": "Subject",
        "avoid": "Avoid",
        "close_when": "Close when",
        "escalate": "Escalation",
        "escalate.when": "When",
        "escalate.to": "To",
        "corrective": "Corrective actions",
        "standards_matrix": "Standards matrix",
        "replies": "Reply library",
        "review": "Content review",
        "review.overdue": "Review overdue",
        "review.soon": "Review due soon (30 days)",
        "review.none": "Nothing is due for review.",
        "review.never": "never reviewed",
        "owner": "Owner",
        "item": "Item",
        "due": "Due",
        "audience": "Audience",
        "audience.public": "Public",
        "audience.internal": "Internal",
        "metric": "Metric",
        "target": "Target",
        "clock": "Clock",
        "clock.24x7": "24x7",
        "phase": "Phase",
        "role": "Role",
        "level": "Level",
        "description": "Description",
        "examples": "Examples",
        "duties": "Duties",
        "vip_only": "Only for",
        "appointment": "By appointment",
        "accessibility": "Accessibility",
        "address": "Address",
        "open_24x7": "Open 24/7",
        "self_service": "Self-service, always available",
    },
    "pt": {
        "business.suffix": "úteis",
        "business.suffix.one": "útil",
        "business.multi": "{list} de tempo útil",
        "at_most.percent": "menos de {value}",
        "at_least.percent": "pelo menos {value}",
        "at_most.score": "no máximo {value} de {scale}",
        "at_least.score": "pelo menos {value} de {scale}",
        "statistic.average": "em média",
        "goal.share": "em {goal} dos casos",
        "hours.range": "das {start} às {end}",
        "hours.days": "{first} a {last}",
        "hours.always": "24 horas, todos os dias",
        "hours.closed": "fechado",
        "hours.tz": "horário de {place}",
        "hours.holidays": "Fechado nos feriados.",
        "home": "Início",
        "home.title": "Como podemos ajudar?",
        "site.description": "Central de ajuda de {org}: respostas para cada etapa da sua compra, nossos "
        "compromissos de atendimento e todos os canais de contato com seus horários.",
        "questions": "Perguntas frequentes",
        "commitments": "Nossos compromissos",
        "contact": "Contato",
        "featured": "Perguntas mais consultadas",
        "stages": "Perguntas por etapa da compra",
        "related": "Relacionadas",
        "last_reviewed": "Última revisão",
        "helpful": "Esta resposta ajudou?",
        "helpful.channels": "Ainda com dúvidas? Fale conosco:",
        "no_translation": "Esta página ainda não foi traduzida; é exibida em {language}.",
        "internal_banner": "Site interno para atendentes: não compartilhar com clientes.",
        "call_us": "Ligue para nós",
        "search": "Pesquisar",
        "playbooks": "Protocolos",
    },
}

DEFAULT_STAGE_TITLES: dict[str, dict[str, str]] = {
    "es": {
        "presale": "Antes de comprar",
        "purchase": "Durante la compra",
        "delivery": "Entrega e instalación",
        "postsale": "Después de la compra",
    },
    "en": {
        "presale": "Before you buy",
        "purchase": "While you buy",
        "delivery": "Delivery and installation",
        "postsale": "After your purchase",
    },
    "pt": {
        "presale": "Antes de comprar",
        "purchase": "Durante a compra",
        "delivery": "Entrega e instalação",
        "postsale": "Depois da compra",
    },
}

_UNITS = (
    ("weeks", "duration-week"),
    ("days", "duration-day"),
    ("hours", "duration-hour"),
    ("minutes", "duration-minute"),
    ("seconds", "duration-second"),
)


class Words:
    """Everything one language needs to say things: catalog words and Babel formats."""

    def __init__(self, lang: str) -> None:
        self._memo: dict[tuple[object, ...], str] = {}
        self.lang = lang
        self.locale = Locale.parse(lang.replace("-", "_"))
        base = lang.split("-")[0].lower()
        self.catalog = {**CATALOGS["en"], **CATALOGS.get(base, {})}
        self.base = base

    def t(self, key: str, **values: str) -> str:
        text = self.catalog[key]
        return text.format(**values) if values else text

    def language_name(self, lang: str) -> str:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(self.locale) or lang
        return name[:1].upper() + name[1:]

    def own_language_name(self) -> str:
        name = self.locale.get_display_name(self.locale) or self.lang
        return name[:1].upper() + name[1:]

    def stage_title(self, stage: str) -> str | None:
        return DEFAULT_STAGE_TITLES.get(self.base, DEFAULT_STAGE_TITLES["en"]).get(stage)

    def number(self, value: Decimal) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: Percent) -> str:
        key = ("percent", value)
        if key not in self._memo:
            self._memo[key] = format_percent(value.value / 100, locale=self.locale, decimal_quantization=False)
        return self._memo[key]

    def duration(self, duration: Duration, business: bool = False) -> str:
        key = ("duration", duration, business)
        if key not in self._memo:
            self._memo[key] = self._duration(duration, business)
        return self._memo[key]

    def _duration(self, duration: Duration, business: bool) -> str:
        parts = [(getattr(duration, field), unit) for field, unit in _UNITS if getattr(duration, field)]
        words = [self._unit(n, unit) for n, unit in parts]
        if not business:
            return format_list(words, locale=self.locale)
        if len(words) == 1:
            n = parts[0][0]
            if self.base == "en":
                unit_word = words[0].split(" ", 1)[1]
                return f"{n} business {unit_word}"
            suffix = self.t("business.suffix.one") if n == 1 else self.t("business.suffix")
            return f"{words[0]} {suffix}"
        return self.t("business.multi", list=format_list(words, locale=self.locale))

    def _unit(self, n: int, unit: str) -> str:
        word = str(format_unit(n, unit, length="long", locale=self.locale))
        if unit in word:  # Babel lacks the long form for this locale
            word = str(format_unit(n, unit, length="short", locale=self.locale))
        return word

    def target(self, target: Target, at_most: bool, business: bool) -> str:
        if isinstance(target, Duration):
            return self.duration(target, business)
        direction = "at_most" if at_most else "at_least"
        if isinstance(target, Percent):
            return self.t(f"{direction}.percent", value=self.percent(target))
        if isinstance(target, Score):
            return self.t(f"{direction}.score", value=self.number(target.value), scale=self.number(target.scale))
        raise TypeError(target)  # pragma: no cover

    def date(self, value: date) -> str:
        key = ("date", value)
        if key not in self._memo:
            self._memo[key] = format_date(value, format="long", locale=self.locale)
        return self._memo[key]

    def time(self, minutes: int) -> str:
        if minutes >= 24 * 60:
            return format_time(time(23, 59), format="short", locale=self.locale).replace("23:59", "24:00")
        return format_time(time(minutes // 60, minutes % 60), format="short", locale=self.locale)

    def day(self, day: str) -> str:
        return str(get_day_names("wide", locale=self.locale)[DAYS.index(day)])

    def ranges(self, ranges: list[TimeRange]) -> str:
        texts = [self.t("hours.range", start=self.time(r.start), end=self.time(r.end)) for r in ranges]
        return format_list(texts, locale=self.locale)

    def week(self, week: dict[str, list[TimeRange]]) -> list[str]:
        """Opening hours as phrases: days with the same hours run together ("lunes a viernes de 7:00 a 20:00")."""
        out: list[str] = []
        i = 0
        while i < len(DAYS):
            day = DAYS[i]
            if day not in week:
                i += 1
                continue
            j = i
            while j + 1 < len(DAYS) and week.get(DAYS[j + 1]) == week[day]:
                j += 1
            days = self.day(day) if j == i else self.t("hours.days", first=self.day(day), last=self.day(DAYS[j]))
            if j == i + 1:
                days = format_list([self.day(day), self.day(DAYS[j])], locale=self.locale)
            out.append(f"{days} {self.ranges(week[day])}")
            i = j + 1
        return out

    def timezone(self, name: str) -> str:
        place = get_timezone_location(name, locale=self.locale, return_city=True)
        return self.t("hours.tz", place=place)

    def goal(self, goal: Percent) -> str:
        return self.t("goal.share", goal=self.percent(goal))
