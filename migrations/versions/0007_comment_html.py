"""comments: body_html rendered when written (as posts do), and edited_at

Revision ID: 0007_comment_html
Revises: 0006_notice_window
Create Date: 2026-12-04 08:45:00

Comments showed their Markdown literally. Now each stores the sanitised HTML the posts'
renderer makes of it; the rows that exist are rendered here, with that same renderer.
"""
from alembic import op
import sqlalchemy as sa

from portal.posts.markdown import render


# revision identifiers, used by Alembic.
revision = '0007_comment_html'
down_revision = '0006_notice_window'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))

    comments = sa.table('comments', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                        sa.column('body_html', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(comments.c.id, comments.c.body)).all()
    for comment_id, body in rows:
        connection.execute(comments.update().where(comments.c.id == comment_id).values(body_html=render(body)))

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.alter_column('body_html', existing_type=sa.Text(), nullable=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('edited_at')
        batch_op.drop_column('body_html')
