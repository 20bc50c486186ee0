export { useBoards, boardsQuery } from './api/get-boards';
