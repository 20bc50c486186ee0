"""reactions on posts, view counts, and the moment a scheduled required notice is announced

Revision ID: 0011_reactions
Revises: 0010_people
Create Date: 2026-12-04 12:45:00

post_reactions (one per kind per employee) with post_reaction_counts kept at write time;
post_views (one per employee) with posts.view_count raised only when a view row is inserted;
notices.announced_at: notices already live are counted as announced (they were, when written),
scheduled ones stay NULL so the announcer tells everyone when their window opens.
"""
from alembic import op
import sqlalchemy as sa

from portal.models.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0011_reactions'
down_revision = '0010_people'
branch_labels = None
depends_on = None

KIND_CHECK = "kind IN ('like', 'love', 'laugh', 'wow', 'celebrate', 'thanks')"


def upgrade():
    op.create_table(
        'post_reactions',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(KIND_CHECK, name=op.f('ck_post_reactions_kind')),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_reactions_post_id_posts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_reactions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'user_id', 'kind', name=op.f('pk_post_reactions')),
    )
    op.create_table(
        'post_reaction_counts',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.CheckConstraint(KIND_CHECK, name=op.f('ck_post_reaction_counts_kind')),
        sa.CheckConstraint('count >= 0', name=op.f('ck_post_reaction_counts_count')),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_reaction_counts_post_id_posts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'kind', name=op.f('pk_post_reaction_counts')),
    )
    op.create_table(
        'post_views',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('viewed_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_views_post_id_posts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_views_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_post_views')),
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('view_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announced_at', UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_notices_unannounced', ['starts_at'], unique=False,
                              postgresql_where=sa.text('announced_at IS NULL AND requires_ack'))
    op.execute("UPDATE notices SET announced_at = created_at WHERE starts_at IS NULL OR starts_at <= CURRENT_TIMESTAMP")


def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_unannounced', postgresql_where=sa.text('announced_at IS NULL AND requires_ack'))
        batch_op.drop_column('announced_at')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('view_count')
    op.drop_table('post_views')
    op.drop_table('post_reaction_counts')
    op.drop_table('post_reactions')
