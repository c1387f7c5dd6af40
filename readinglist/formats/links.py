"""The identifier in a paper's URL, for the readers of other tools' files: an arxiv.org
link, a doi.org link, or a publisher's page with the DOI in its path
(journals.humankinetics.com/doi/abs/10.1123/ssj.5.3.197). Pure."""

from __future__ import annotations

import re
from urllib.parse import unquote

from readinglist.identifiers import PaperId, find_dois, parse_arxiv_id, parse_doi, read_identifier

# A DOI in a URL's path starts after a slash; find_dois reads running text, where it starts
# after a space.
_DOI_IN_PATH = re.compile(r"/(?=10\.\d{4,9}/)")


def identifier_in_url(url: str) -> PaperId | None:
    """An arXiv id (also from an arXiv DOI) or a DOI that `url` names, or None."""
    arxiv = parse_arxiv_id(url)
    if arxiv is not None:
        return PaperId("arxiv", str(arxiv))
    # doi.org/10.1103%2Fphysrev.47.777: some exporters percent-encode the DOI's slash.
    text = unquote(url)
    doi = parse_doi(text)
    if doi is None:
        found = find_dois(_DOI_IN_PATH.sub(" ", text))
        doi = found[0] if found else None
    return read_identifier(doi) if doi else None
