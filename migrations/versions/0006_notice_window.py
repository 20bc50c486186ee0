"""notices: a schedule window (starts_at, ends_at), both optional, in UTC

Revision ID: 0006_notice_window
Revises: 0005_notifications
Create Date: 2026-12-04 08:30:00

A notice is listed only inside its window; existing notices keep an open window (both NULL),
so they stay listed as before. Retiring a notice sets its end to now.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_notice_window'
down_revision = '0005_notifications'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_notices_window'),
                                         'starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at')


def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notices_window'), type_='check')
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')
