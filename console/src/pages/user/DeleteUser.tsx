import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, type Page, type User } from '../../api';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

/**
 * "Delete user", confirmed by typing the username: the deletion can't be undone, so a slip
 * of the mouse on the wrong user's page must not do it.
 */
export function DeleteUserModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () => api.deleteUser(org, user.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.user(org, user.id) });
      // Out of the cached lists at once, so the list never shows the user while it refreshes.
      queryClient.setQueriesData<InfiniteData<Page<User>>>({ queryKey: keys.users(org) }, (data) =>
        data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((u) => u.id !== user.id) })) },
      );
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      notify({ title: 'User deleted', message: `${user.username} was deleted.`, path: '/users' });
      navigate('/users');
    },
  });
  const close = () => {
    remove.reset();
    setTyped('');
    onClose();
  };
  const confirmed = typed.trim() === user.username;
  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Delete user">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (confirmed) remove.mutate();
        }}
      >
        <Stack>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Text>
            This permanently deletes <strong>{user.username}</strong> with their password, second factors, recovery phone and devices, and ends
            all of their sessions. The audit log keeps the record. It cannot be undone.
          </Text>
          <TextInput
            label={`Type ${user.username} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={remove.isPending} disabled={!confirmed}>
              Delete user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
