"""search everywhere: comments and chat messages keep the bigrams of their text, as posts do

Revision ID: 0012_search
Revises: 0011_reactions
Create Date: 2026-12-04 15:30:00

comments.search_grams and messages.search_grams (text[] on PostgreSQL, GIN-indexed), filled for
existing rows by the portal's own function (portal.bigrams.grams_of) a batch at a time.
"""
from alembic import op
import sqlalchemy as sa

from portal.bigrams import grams_of
from portal.models.types import TextArray


# revision identifiers, used by Alembic.
revision = '0012_search'
down_revision = '0011_reactions'
branch_labels = None
depends_on = None

TABLES = ('comments', 'messages')
BATCH = 2000


def _fill(table_name: str) -> None:
    table = sa.table(table_name, sa.column('id', sa.Integer), sa.column('body', sa.Text),
                     sa.column('search_grams', TextArray))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(sa.select(table.c.id, table.c.body).where(table.c.id > last)
                                  .order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(table.update().where(table.c.id == sa.bindparam('row_id'))
                           .values(search_grams=sa.bindparam('grams')),
                           [{'row_id': row_id, 'grams': grams_of(body)} for row_id, body in rows])
        last = rows[-1][0]


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('search_grams', TextArray(), nullable=True))
        _fill(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('search_grams', existing_type=TextArray(), nullable=False)
            batch_op.create_index(f'ix_{table}_search_grams', ['search_grams'], unique=False,
                                  postgresql_using='gin')


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_search_grams', postgresql_using='gin')
            batch_op.drop_column('search_grams')
