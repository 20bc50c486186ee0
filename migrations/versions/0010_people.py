"""people: profiles (department, title, phone, a photo) and initial passwords

Revision ID: 0010_people
Revises: 0009_sign_in_policy
Create Date: 2026-12-04 13:00:00

Users get a department, a title and a phone; the photo is an upload, owned the one way uploads
are owned: a third owner column, `uploads.profile_user_id`, and the check that at most one owner
column is set now covers it. `must_change_password` marks a password an admin set; accounts that
exist keep the passwords they have (false).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_people'
down_revision = '0009_sign_in_policy'
branch_labels = None
depends_on = None

TWO_OWNERS = 'post_id IS NULL OR message_id IS NULL'
THREE_OWNERS = ('(post_id IS NULL OR message_id IS NULL) AND (post_id IS NULL OR profile_user_id IS NULL) '
                'AND (message_id IS NULL OR profile_user_id IS NULL)')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('department', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('title', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_department'), ['department'], unique=False)

    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile_user_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_uploads_profile_user_id'), ['profile_user_id'])
        batch_op.create_foreign_key(batch_op.f('fk_uploads_profile_user_id_users'), 'users',
                                    ['profile_user_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_uploads_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_uploads_one_owner'), THREE_OWNERS)


def downgrade():
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_uploads_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_uploads_one_owner'), TWO_OWNERS)
        batch_op.drop_constraint(batch_op.f('fk_uploads_profile_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_uploads_profile_user_id'), type_='unique')
        batch_op.drop_column('profile_user_id')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_department'))
        batch_op.drop_column('phone')
        batch_op.drop_column('title')
        batch_op.drop_column('department')
        batch_op.drop_column('must_change_password')
