"""The least a Flask app can do for the benchmark's requests, on the same database and
server settings as the platform: validate a JSON body and insert one row; list 50 rows of
one tenant by an index; read one row. It is the yardstick, not a product.

    gunicorn -w 2 -b 127.0.0.1:8001 'bench.reference_app:create()'   (DATABASE_URL set)
"""
import os
from datetime import datetime, timezone

from flask import Flask, abort, jsonify, request
from sqlalchemy import (BigInteger, Column, DateTime, Index, Integer, MetaData, String, Table, Text,
                        create_engine, insert, select)

metadata = MetaData()
ref_cases = Table(
    "ref_cases", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("tenant_id", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Index("ix_ref_cases_tenant_received", "tenant_id", "received_at"),
)


def create():
    url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    app = Flask(__name__)

    @app.post("/cases")
    def register():
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("description"), str) or not body["description"]:
            return jsonify(error="description is required"), 422
        row = {"tenant_id": int(request.headers.get("X-Tenant", "1")), "title": str(body.get("title", ""))[:200],
               "description": body["description"][:20000], "channel": str(body.get("channel", "web"))[:20],
               "received_at": datetime.now(timezone.utc).replace(tzinfo=None)}
        with engine.begin() as connection:
            row["id"] = connection.execute(insert(ref_cases).values(row).returning(ref_cases.c.id)).scalar_one()
        return jsonify(id=row["id"]), 201

    @app.get("/cases")
    def listing():
        tenant = int(request.headers.get("X-Tenant", "1"))
        with engine.connect() as connection:
            rows = connection.execute(select(ref_cases).where(ref_cases.c.tenant_id == tenant)
                                      .order_by(ref_cases.c.received_at.desc()).limit(50)).mappings().all()
        return jsonify(items=[{**r, "received_at": r["received_at"].isoformat()} for r in rows])

    @app.get("/cases/<int:case_id>")
    def read(case_id):
        with engine.connect() as connection:
            row = connection.execute(select(ref_cases).where(ref_cases.c.id == case_id)).mappings().first()
        if row is None:
            abort(404)
        return jsonify({**row, "received_at": row["received_at"].isoformat()})

    return app
