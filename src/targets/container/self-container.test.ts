import type { RunResult } from '../../util/process.js';
import { containerIdsFrom, findSelfContainer } from './self-container.js';

const ID = 'cb1c190b831b85cf0d6d638928ae03bb0e6edbed21b776deb468710517489b44';
const OTHER = 'a'.repeat(64);

describe('containerIdsFrom', () => {
  it("reads the ID from the engine's /etc/hostname bind mount (Docker, podman) and from cgroup paths", () => {
    const docker = `462 444 254:0 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw`;
    const podman = `501 480 0:45 /containers/storage/overlay-containers/${OTHER}/userdata/hostname /etc/hostname rw - tmpfs tmpfs rw`;
    expect(containerIdsFrom(docker, '')).toEqual([ID]);
    expect(containerIdsFrom(podman, '')).toEqual([OTHER]);
    expect(containerIdsFrom('', `4:memory:/docker/${ID}\n0::/docker/${ID}\n`)).toEqual([ID]);
    expect(containerIdsFrom('', `0::/system.slice/docker-${OTHER}.scope\n`)).toEqual([OTHER]);
    expect(containerIdsFrom('', `0::/machine.slice/libpod-${OTHER}.scope\n`)).toEqual([OTHER]);
  });

  it("ignores the containers' folders the engine's machine sees among its own mounts", () => {
    const host = [
      `120 29 0:50 / /var/lib/docker/containers/${ID}/mounts/shm rw - tmpfs shm rw`,
      `121 29 0:51 / /var/lib/docker/overlay2/${OTHER}/merged rw - overlay overlay rw`,
    ].join('\n');
    expect(containerIdsFrom(host, '0::/user.slice/user-1000.slice/session-3.scope\n')).toEqual([]);
  });
});

describe('findSelfContainer', () => {
  const runner = (answer: (ref: string) => Partial<RunResult>) => ({
    run: async (_command: string, args: string[]) =>
      ({ code: 0, stdout: '', stderr: '', ...answer(args.at(-1) as string) }) as RunResult,
    pipe: () => Promise.reject(new Error('not used')),
    startDetached: () => Promise.reject(new Error('not used')),
  });

  it('takes the first ID the engine knows as a running container', async () => {
    const found = await findSelfContainer(
      runner((ref) =>
        ref === ID
          ? { stdout: `${ID} true cb1c190b831b github_network_7 \n` }
          : { code: 1, stderr: 'No such container' },
      ),
      { ids: [OTHER, ID], hostname: 'cb1c190b831b' },
    );
    expect(found).toEqual({ id: ID, networkMode: 'github_network_7', pidMode: '' });
  });

  it('takes a container by host name only when its host name is this one', async () => {
    const answer = (hostname: string) => runner(() => ({ stdout: `${ID} true ${hostname} bridge host\n` }));
    expect(await findSelfContainer(answer('job'), { ids: [], hostname: 'job' })).toEqual({
      id: ID,
      networkMode: 'bridge',
      pidMode: 'host',
    });
    expect(await findSelfContainer(answer('other'), { ids: [], hostname: 'job' })).toBeUndefined();
  });

  it('finds none on a machine that is not in a container, or in a container the engine does not know', async () => {
    const unknown = runner(() => ({ code: 1, stderr: 'Error: No such container: vm' }));
    expect(await findSelfContainer(unknown, undefined)).toBeUndefined();
    expect(await findSelfContainer(unknown, { ids: [], hostname: 'vm' })).toBeUndefined();
  });
});
