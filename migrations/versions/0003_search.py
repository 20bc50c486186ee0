"""search: the bigram index also holds post ids (in buckets), so a search cuts a window of ids in the index

Revision ID: 0003_search
Revises: 0002
Create Date: 2026-11-22 12:00:00

A search reads older posts through the index in windows of ids, newest first. With the id's
bucket (id / 1024, portal.posts.search.ID_BUCKET) in the GIN index (btree_gin, a trusted
extension the database owner may create), the window is cut inside the index, so only the
window's matches are read from the table.
"""
import sqlalchemy as sa
from alembic import op


revision = '0003_search'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_search_grams', postgresql_using='gin')
        batch_op.create_index('ix_posts_search_grams', ['search_grams', sa.text('(id / 1024)')], unique=False,
                              postgresql_using='gin')


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_search_grams', postgresql_using='gin')
        batch_op.create_index('ix_posts_search_grams', ['search_grams'], unique=False, postgresql_using='gin')
