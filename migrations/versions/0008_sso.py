"""single sign-on: break-glass admins, and the provider behind each session

Revision ID: 0008_sso
Revises: 0007_comment_html
Create Date: 2026-12-04 08:00:00

`users.break_glass` marks the admins who keep password sign-in when PASSWORD_LOGIN is off.
Sessions opened through OpenID Connect keep the provider, the subject and the provider's
refresh token (encrypted), so that a portal refresh the provider refuses ends the session.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_sso'
down_revision = '0007_comment_html'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('break_glass', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provider', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('provider_subject', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('provider_refresh_token', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('provider_refresh_token')
        batch_op.drop_column('provider_subject')
        batch_op.drop_column('provider')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('break_glass')
