"""The doctests of the Neo4j stage and of the test-server script run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest
from conftest import load_neo4j_server_script


@pytest.mark.parametrize(
    "module", ["kg.neo4j.model", "kg.neo4j.load", "kg.neo4j.admin_csv", "kg.neo4j.cypher"]
)
def test_neo4j_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_neo4j_server_script_doctests_and_conf():
    server = load_neo4j_server_script()
    assert doctest.testmod(server).failed == 0
    conf = server.neo4j_conf(port=12345, auth=False)
    assert "dbms.security.auth_enabled=false" in conf
    assert "server.http.enabled=false" in conf
    assert all(
        line.split("=", 1)[1].startswith("127.0.0.1")
        for line in conf.splitlines()
        if "listen_address" in line or "advertised_address" in line
    )
