import { launchedEtcd } from './launchers.js';
import { splitUnitWords } from './unit-file.js';

/** The words of a command line, as systemd splits ExecStart=. */
function words(line: string) {
  return splitUnitWords({ chars: line.split(''), offsets: line.split('').map((_, index) => index) }).words;
}

function read(line: string) {
  const launched = launchedEtcd(words(line));
  return (
    launched && {
      command: launched.command.text,
      args: launched.argumentWords.map((word) => word.text),
      env: launched.envWords.map((word) => word.text),
      envFiles: launched.envFiles.map((word) => word.text),
      via: launched.via,
      inherits: launched.inheritsUnitEnvironment,
    }
  );
}

describe('launchers', () => {
  it('reads etcd itself, and nothing else', () => {
    expect(read('/usr/local/bin/etcd --name a')).toMatchObject({
      command: '/usr/local/bin/etcd',
      args: ['--name', 'a'],
    });
    expect(read('/usr/bin/etcdctl get /')).toBeUndefined();
    expect(read('/opt/etcd/etcd-wrapper.sh')).toBeUndefined();
  });

  it('docker and podman run: options with and without values, -e, --env-file, the image, the command', () => {
    expect(
      read(
        '/usr/bin/docker run -d --rm -it --name etcd -v /a:/a -p 2379:2379 --env=ETCD_NAME=x -e HOME --env-file /e quay.io/coreos/etcd:v3.5.9 etcd --data-dir=/a',
      ),
    ).toEqual({
      command: 'etcd',
      args: ['--data-dir=/a'],
      env: ['ETCD_NAME=x'],
      envFiles: ['/e'],
      via: ['docker run'],
      inherits: false,
    });
    expect(read('podman container run --replace gcr.io/etcd-development/etcd:v3.6.5 --name p')).toMatchObject({
      command: 'gcr.io/etcd-development/etcd:v3.6.5',
      args: ['--name', 'p'],
      via: ['podman run'],
    });
    expect(read('docker run --entrypoint /usr/local/bin/etcd registry.k8s.io/etcd:3.6.5-0 --name k')).toMatchObject({
      command: '/usr/local/bin/etcd',
      args: ['--name', 'k'],
    });
    // An image that is not etcd's, with no etcd command: not etcd.
    expect(read('docker run --rm nginx:1.27')).toBeUndefined();
    expect(read('docker run quay.io/coreos/etcd:v3.5.9 etcdctl member list')).toBeUndefined();
  });

  it('shells: the command of the script that runs etcd, with its VAR=value prefixes', () => {
    expect(
      read(`/bin/bash -ec "test -d /d || mkdir /d; GOMAXPROCS=4 ETCD_NAME=s exec /usr/bin/etcd --data-dir /d"`),
    ).toMatchObject({
      command: '/usr/bin/etcd',
      args: ['--data-dir', '/d'],
      env: ['GOMAXPROCS=4', 'ETCD_NAME=s'],
      via: ['bash -c'],
    });
    expect(read(`/bin/sh -c 'echo etcd'`)).toBeUndefined();
    // A shell around docker around etcd.
    expect(read(`/bin/sh -c "docker run --rm quay.io/coreos/etcd:v3.5.9 /usr/local/bin/etcd --name n"`)).toMatchObject({
      args: ['--name', 'n'],
      via: ['sh -c', 'docker run'],
    });
  });

  it('env and etcd-wrapper', () => {
    expect(read('/usr/bin/env -u HOME ETCD_NAME=e etcd')).toMatchObject({
      command: 'etcd',
      env: ['ETCD_NAME=e'],
      via: ['env'],
    });
    expect(read('/usr/lib/coreos/etcd-wrapper $ETCD_OPTS --name s1')).toMatchObject({
      args: ['$ETCD_OPTS', '--name', 's1'],
      via: ['etcd-wrapper'],
      inherits: true,
    });
  });
});
