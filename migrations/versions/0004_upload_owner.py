"""uploads: one ownership model — an upload names its post or its chat message

Revision ID: 0004_upload_owner
Revises: 0003_readpath
Create Date: 2026-12-04 08:00:00

Posts owned their files through uploads.post_id while chat messages pointed the other way
(messages.upload_id). Now both are columns of the upload, at most one of them set; the rows
that exist move from messages.upload_id to uploads.message_id.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_upload_owner'
down_revision = '0003_readpath'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_uploads_message_id'), ['message_id'])
        batch_op.create_foreign_key(batch_op.f('fk_uploads_message_id_messages'), 'messages',
                                    ['message_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_uploads_one_owner'), 'post_id IS NULL OR message_id IS NULL')

    op.execute('UPDATE uploads SET message_id = (SELECT messages.id FROM messages '
               'WHERE messages.upload_id = uploads.id) '
               'WHERE id IN (SELECT upload_id FROM messages WHERE upload_id IS NOT NULL)')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_messages_upload_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_messages_upload_id_uploads'), type_='foreignkey')
        batch_op.drop_column('upload_id')


def downgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_messages_upload_id'), ['upload_id'])
        batch_op.create_foreign_key(batch_op.f('fk_messages_upload_id_uploads'), 'uploads',
                                    ['upload_id'], ['id'], ondelete='SET NULL')

    op.execute('UPDATE messages SET upload_id = (SELECT uploads.id FROM uploads '
               'WHERE uploads.message_id = messages.id) '
               'WHERE id IN (SELECT message_id FROM uploads WHERE message_id IS NOT NULL)')

    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_uploads_one_owner'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_uploads_message_id_messages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_uploads_message_id'), type_='unique')
        batch_op.drop_column('message_id')
