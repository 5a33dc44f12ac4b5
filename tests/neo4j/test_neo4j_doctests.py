"""The test-server script's doctests and config (the package's doctests run via pytest's
``--doctest-modules``; the script lives outside the package)."""

from __future__ import annotations

import doctest

from conftest import load_neo4j_server_script


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
