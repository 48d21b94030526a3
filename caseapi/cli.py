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

from caseapi.models import Phase
from caseapi.settings import DEV_ADMIN_TOKEN

PHASES = [phase.value for phase in Phase]


class CliError(Exception):
    """A message for the coach; the command exits with 1."""


def _request(method: str, path: str, what: str, body: Optional[dict] = None) -> dict:
    url = (os.environ.get("CASE_API_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")
    token = os.environ.get("CASE_API_ADMIN_TOKEN", "").strip() or DEV_ADMIN_TOKEN
    try:
        response = requests.request(
            method, url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
    except requests.RequestException:
        raise CliError(f"De case API is niet bereikbaar op {url}. Draait de service (python -m caseapi)?")
    status = response.status_code
    if status == 401:
        raise CliError("Het token is geweigerd (401): controleer CASE_API_ADMIN_TOKEN.")
    if status == 403:
        raise CliError("Dit token mag dit niet (403): gebruik het coachtoken (CASE_API_ADMIN_TOKEN).")
    if status == 404:
        raise CliError(f"{what} niet gevonden (404).")
    if status == 409:
        raise CliError(f"{what} bestaat al (409).")
    if status == 422:
        details = response.json().get("detail", [])
        if isinstance(details, list):
            details = ", ".join(f"{'.'.join(map(str, d.get('loc', [])[1:]))}: {d.get('msg')}" for d in details)
        raise CliError(f"Ongeldige invoer (422): {details}")
    if status >= 400:
        raise CliError(f"De case API gaf een fout: HTTP {status}.")
    return response.json()


def _print_case(case: dict) -> None:
    appointment = case.get("next_appointment") or "geen"
    print(f"Dossier:          {case['dossiernummer']}")
    print(f"Fase:             {case['phase']} (sinds {case['phase_since']})")
    print(f"Eerste ziektedag: {case['first_sick_day']}")
    print(f"Coach:            {case['coach_name']} ({case['coach_contact']})")
    print(f"Volgende afspraak: {appointment}")


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
    case = _request("POST", "/v1/cases", f"Dossier {args.dossiernummer or ''}".strip(), {k: v for k, v in body.items() if v})
    _print_case(case)
    print(f"Code:             {case['code']}")
    print("Geef de werknemer het dossiernummer en de code; de code is later niet meer op te vragen.")


def phase(args: argparse.Namespace) -> None:
    body = {"phase": args.phase, "changed_by": args.by}
    if args.next_appointment is not None:
        body["next_appointment"] = args.next_appointment or None  # "" clears it
    case = _request("POST", f"/v1/cases/{args.dossiernummer}/phase", f"Dossier {args.dossiernummer}", body)
    _print_case(case)


def history(args: argparse.Namespace) -> None:
    result = _request("GET", f"/v1/cases/{args.dossiernummer}/history", f"Dossier {args.dossiernummer}")
    print(f"Faseverloop van {result['dossiernummer']}:")
    for change in result["changes"]:
        when = datetime.fromisoformat(change["changed_at"]).strftime("%Y-%m-%d %H:%M UTC")
        start = change["from_phase"] or "(nieuw)"
        print(f"  {when}  {start} -> {change['to_phase']}  door {change['changed_by']}")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m caseapi.cli", description="Dossiers beheren in de case API.")
    commands = main.add_subparsers(dest="command", required=True)

    new = commands.add_parser("create", help="nieuw dossier; toont dossiernummer en code")
    new.add_argument("--first-sick-day", required=True, help="eerste ziektedag, JJJJ-MM-DD")
    new.add_argument("--coach-name", required=True, help="voornaam van de coach")
    new.add_argument("--coach-contact", required=True, help="e-mailadres of telefoonnummer van de coach")
    new.add_argument("--phase", choices=PHASES, default="intake")
    new.add_argument("--phase-since", help="JJJJ-MM-DD (standaard: vandaag)")
    new.add_argument("--next-appointment", help="JJJJ-MM-DDTUU:MM, lokale tijd")
    new.add_argument("--dossiernummer", help="standaard: het volgende vrije nummer")
    new.add_argument("--code", help="6 cijfers (standaard: willekeurig)")
    new.add_argument("--by", help="wie het dossier aanmaakt (standaard: de coach)")
    new.set_defaults(run=create)

    move = commands.add_parser("phase", help="fase van een dossier wijzigen")
    move.add_argument("dossiernummer")
    move.add_argument("phase", choices=PHASES)
    move.add_argument("--by", required=True, help="wie de fase wijzigt")
    move.add_argument("--next-appointment", help='JJJJ-MM-DDTUU:MM, lokale tijd ("" wist de afspraak)')
    move.set_defaults(run=phase)

    log = commands.add_parser("history", help="faseverloop van een dossier")
    log.add_argument("dossiernummer")
    log.set_defaults(run=history)
    return main


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except CliError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
