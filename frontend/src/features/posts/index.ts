export { PostList, PostRow } from './components/post-list';
export { PostBody } from './components/post-body';
export { Comments } from './components/comments';
export { usePost } from './api/get-post';
export { useLatestPosts } from './api/get-posts';
export { useDeletePost } from './api/delete-post';
export { useSavePost } from './api/save-post';
export { PostReactions } from './components/post-reactions';
