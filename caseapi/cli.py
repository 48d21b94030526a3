"""Command line for coaches, over the HTTP API with the coaches' token.

    python -m caseapi.cli create --first-sick-day 2026-03-02 --phase intake \\
        --coach-name Sanne --coach-contact sanne@voorbeeld-reintegratie.nl
    python -m caseapi.cli phase RI-2026-0001 arbeidsmarktgericht --by Sanne
    python -m caseapi.cli history RI-2026-0001

Settings: CASE_API_URL (default http://127.0.0.1:8000), CASE_API_ADMIN_TOKEN.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import List, Optional

import requests

from caseapi import TEKSTEN
from caseapi.settings import DEV_ADMIN_TOKEN
from spoorwijzer import case_api_defaults
from spoorwijzer.poortwachter.traject import PHASES


class CliError(Exception):
    """A message for the coach; the command exits with 1."""


def _t(name: str, **values) -> str:
    """A text of the command line (caseapi/teksten.yml, under `cli`)."""
    return TEKSTEN("cli." + name, **values)


def _request(method: str, path: str, what: str, body: Optional[dict] = None) -> dict:
    url = (os.environ.get("CASE_API_URL", "").strip() or case_api_defaults.URL).rstrip("/")
    token = os.environ.get("CASE_API_ADMIN_TOKEN", "").strip() or DEV_ADMIN_TOKEN
    try:
        response = requests.request(
            method, url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
    except requests.RequestException:
        raise CliError(_t("fouten.niet_bereikbaar", url=url)) from None
    status = response.status_code
    if status == 401:
        raise CliError(_t("fouten.token_geweigerd"))
    if status == 403:
        raise CliError(_t("fouten.token_mag_niet"))
    if status == 404:
        raise CliError(_t("fouten.niet_gevonden", wat=what))
    if status == 409:
        raise CliError(_t("fouten.bestaat_al", wat=what))
    if status == 422:
        details = response.json().get("detail", [])
        if isinstance(details, list):
            details = ", ".join(f"{'.'.join(map(str, d.get('loc', [])[1:]))}: {d.get('msg')}" for d in details)
        raise CliError(_t("fouten.ongeldig", details=details))
    if status >= 400:
        raise CliError(_t("fouten.http", status=status))
    return response.json()


def _print_case(case: dict) -> None:
    appointment = case.get("next_appointment") or _t("dossier.geen_afspraak")
    print(_t("dossier.nummer", dossiernummer=case["dossiernummer"]))
    print(_t("dossier.fase", fase=case["phase"], sinds=case["phase_since"]))
    print(_t("dossier.eerste_ziektedag", datum=case["first_sick_day"]))
    print(_t("dossier.coach", naam=case["coach_name"], contact=case["coach_contact"]))
    print(_t("dossier.afspraak", afspraak=appointment))


def create(args: argparse.Namespace) -> None:
    body = {
        "dossiernummer": args.dossiernummer,
        "code": args.code,
        "first_sick_day": args.first_sick_day,
        "phase": args.phase,
        "phase_since": args.phase_since,
        "coach_name": args.coach_name,
        "coach_contact": args.coach_contact,
        "next_appointment": args.next_appointment,
        "changed_by": args.by,
    }
    what = _t("dossier_naam", dossiernummer=args.dossiernummer or "").strip()
    case = _request("POST", "/v1/cases", what, {k: v for k, v in body.items() if v})
    _print_case(case)
    print(_t("dossier.code", code=case["code"]))
    print(_t("dossier.code_doorgeven"))


def phase(args: argparse.Namespace) -> None:
    body = {"phase": args.phase, "changed_by": args.by}
    if args.next_appointment is not None:
        body["next_appointment"] = args.next_appointment or None  # "" clears it
    case = _request(
        "POST", f"/v1/cases/{args.dossiernummer}/phase", _t("dossier_naam", dossiernummer=args.dossiernummer), body
    )
    _print_case(case)


def history(args: argparse.Namespace) -> None:
    result = _request(
        "GET", f"/v1/cases/{args.dossiernummer}/history", _t("dossier_naam", dossiernummer=args.dossiernummer)
    )
    print(_t("verloop.kop", dossiernummer=result["dossiernummer"]))
    for change in result["changes"]:
        when = datetime.fromisoformat(change["changed_at"]).strftime("%Y-%m-%d %H:%M UTC")
        start = change["from_phase"] or _t("verloop.nieuw")
        print(_t("verloop.regel", wanneer=when, van=start, naar=change["to_phase"], door=change["changed_by"]))


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m caseapi.cli", description=_t("beschrijving"))
    commands = main.add_subparsers(dest="command", required=True)

    new = commands.add_parser("create", help=_t("commando.create"))
    new.add_argument("--first-sick-day", required=True, help=_t("optie.eerste_ziektedag"))
    new.add_argument("--coach-name", required=True, help=_t("optie.coach_naam"))
    new.add_argument("--coach-contact", required=True, help=_t("optie.coach_contact"))
    new.add_argument("--phase", choices=PHASES, default="intake")
    new.add_argument("--phase-since", help=_t("optie.fase_sinds"))
    new.add_argument("--next-appointment", help=_t("optie.afspraak"))
    new.add_argument("--dossiernummer", help=_t("optie.dossiernummer"))
    new.add_argument("--code", help=_t("optie.code"))
    new.add_argument("--by", help=_t("optie.aangemaakt_door"))
    new.set_defaults(run=create)

    move = commands.add_parser("phase", help=_t("commando.phase"))
    move.add_argument("dossiernummer")
    move.add_argument("phase", choices=PHASES)
    move.add_argument("--by", required=True, help=_t("optie.gewijzigd_door"))
    move.add_argument("--next-appointment", help=_t("optie.afspraak_wijzigen"))
    move.set_defaults(run=phase)

    log = commands.add_parser("history", help=_t("commando.history"))
    log.add_argument("dossiernummer")
    log.set_defaults(run=history)
    return main


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except CliError as error:
        print(_t("fout", melding=error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
