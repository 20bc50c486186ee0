"""the refresh token a rotation replaced, accepted for a moment after it (a lost response)

Revision ID: 0013_refresh_grace
Revises: 0012_search
Create Date: 2026-12-04 23:00:00

auth_sessions.previous_refresh_jti: NULL for sessions open now (their next rotation fills it).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_refresh_grace'
down_revision = '0012_search'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('auth_sessions') as batch_op:
        batch_op.add_column(sa.Column('previous_refresh_jti', sa.String(length=36), nullable=True))


def downgrade():
    with op.batch_alter_table('auth_sessions') as batch_op:
        batch_op.drop_column('previous_refresh_jti')
