"""The errors of the CKAN Action API, answered with exactly CKAN's ``__type`` strings and HTTP
statuses (``ckan/views/api.py``): the `ckanapi` client switches on ``__type`` to raise its own
NotFound, NotAuthorized, ValidationError and SearchQueryError, so these strings are a contract.

``message`` keeps CKAN's English prefix ("Not found: ", "Access denied: "): clients cut the message
at the first ": ". What follows, and every message of a Validation Error, is Indonesian: the
language the portal speaks to people."""

from __future__ import annotations


class ActionError(Exception):
    """An answer with ``success: false``."""

    status = 500
    type_name = "Internal Server Error"

    def error_body(self) -> dict[str, object]:
        return {"__type": self.type_name, "message": "Internal Server Error"}


class NotFound(ActionError):
    status = 404
    type_name = "Not Found Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def error_body(self) -> dict[str, object]:
        return {"__type": self.type_name, "message": f"Not found: {self.message}"}


class NotAuthorized(ActionError):
    status = 403
    type_name = "Authorization Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def error_body(self) -> dict[str, object]:
        return {"__type": self.type_name, "message": f"Access denied: {self.message}"}


class ValidationError(ActionError):
    """Bad parameters: one list of messages per parameter, as CKAN's schemas report them."""

    status = 409
    type_name = "Validation Error"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def on(cls, field: str, message: str) -> ValidationError:
        return cls({field: [message]})

    def error_body(self) -> dict[str, object]:
        return {"__type": self.type_name, **self.errors}


class SearchQueryError(ActionError):
    """A ``q``, ``fq`` or ``sort`` of package_search that cannot be understood (Solr's 400)."""

    status = 400
    type_name = "Search Query Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def error_body(self) -> dict[str, object]:
        return {"__type": self.type_name, "message": f"Search Query is invalid: {self.message}"}


class BadRequest(Exception):
    """Answered with a bare JSON string and no envelope, as CKAN answers an unknown action or a
    body that is not JSON: ``"Bad request: Action name not known: x"``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
