"""sign-in policy: admins turn password sign-in off (single sign-on only) at run time

Revision ID: 0009_sign_in_policy
Revises: 0008_sso
Create Date: 2026-12-04 09:30:00

One row, written by the admin area; without it password sign-in follows PASSWORD_LOGIN.
"""
from alembic import op
import sqlalchemy as sa

from portal.models.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0009_sign_in_policy'
down_revision = '0008_sso'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sign_in_policy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('password_login', sa.Boolean(), nullable=False),
        sa.Column('updated_at', UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_policy')),
    )


def downgrade():
    op.drop_table('sign_in_policy')
