"""posts: excerpt and body_html stored when a post is written, filled for existing posts

Revision ID: 0003_readpath
Revises: 0002
Create Date: 2026-11-22 11:45:00

Lists used to render every post's Markdown on every read to make its excerpt, and the post page
rendered the body to HTML on every view. Both are now columns written with the body; this fills
them for the posts that exist, with the same functions the portal writes them with.
"""
from alembic import op
import sqlalchemy as sa

from portal.posts.content import excerpt
from portal.posts.markdown import render


# revision identifiers, used by Alembic.
revision = '0003_readpath'
down_revision = '0002'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('excerpt', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))

    posts = sa.table('posts', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                     sa.column('excerpt', sa.String), sa.column('body_html', sa.Text))
    fill = (sa.update(posts).where(posts.c.id == sa.bindparam('post_id'))
            .values(excerpt=sa.bindparam('new_excerpt'), body_html=sa.bindparam('new_html')))
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(sa.select(posts.c.id, posts.c.body).where(posts.c.id > last_id)
                                  .order_by(posts.c.id).limit(BATCH)).all()
        if not rows:
            break
        connection.execute(fill, [{'post_id': post_id, 'new_excerpt': excerpt(body), 'new_html': render(body)}
                                  for post_id, body in rows])
        last_id = rows[-1][0]

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.alter_column('excerpt', existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column('body_html', existing_type=sa.Text(), nullable=False)


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('body_html')
        batch_op.drop_column('excerpt')
