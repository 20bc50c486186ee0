export { PeopleDirectory } from './components/people-directory';
export { PersonPhoto } from './components/person-photo';
export { ProfileCard } from './components/profile-card';
export { useDirectory, useDepartments, usePerson, useUpdateProfile } from './api/people';
export { PHOTO_TYPES, resizePhoto } from './lib/resize-photo';
