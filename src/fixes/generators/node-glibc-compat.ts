import type { Finding, FixSuggestion } from '../../engine/types.js';
import { parseNixeryImage } from '../../engine/nixery.js';
import { captureList, mergeSteps, unreadableReason, type FixGenerator } from '../generator-types.js';
import type { HookTemplateModel } from '../hook-template-model.js';
import { itemField } from '../hook-template-model.js';
import { appendJobMounts, appendToSpecList, jobContainer } from '../template-edits.js';
import { gitDiff } from '../text-edits.js';
import { pickWorkflowJob } from '../../workflow/workflow-model.js';
import { UneditableYamlError, YamlTextEditor } from '../yaml-text-editor.js';

const RUNNER_IMAGE = 'ghcr.io/actions/actions-runner:latest';
const GLIBC_LIBS = 'ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 ' +
  'libstdc++.so.6 libgcc_s.so.1';

/** The init container (lines relative to the list item's content column). */
function glibcInitContainer(u: string): string[] {
  return [
    'name: setup-glibc-compat',
    `image: ${RUNNER_IMAGE}`,
    'command: ["sh", "-c"]',
    'args:',
    `${u}- |`,
    `${u}  set -e`,
    `${u}  # the runner image's glibc loader and libraries, for node in /__e`,
    `${u}  for lib in ${GLIBC_LIBS}; do`,
    `${u}    cp -L "/lib/x86_64-linux-gnu/$lib" /glibc-compat/`,
    `${u}  done`,
    `${u}  chmod 755 /glibc-compat/*`,
    `${u}  # a template initContainers list replaces the hooks' fs-init, so copy the externals here`,
    `${u}  cp -a /home/runner/externals/. /mnt/externals/`,
    'volumeMounts:',
    `${u}- name: glibc-compat`,
    `${u}  mountPath: /glibc-compat`,
    `${u}- name: externals`,
    `${u}  mountPath: /mnt/externals`,
  ];
}

function copyExternalsInitContainer(u: string): string[] {
  return [
    'name: copy-externals',
    `image: ${RUNNER_IMAGE}`,
    'command: ["sh", "-c", "cp -a /home/runner/externals/. /mnt/externals/"]',
    'volumeMounts:',
    `${u}- name: externals`,
    `${u}  mountPath: /mnt/externals`,
  ];
}

const GLIBC_VOLUME = ['name: glibc-compat', 'emptyDir: {}'];
const GLIBC_MOUNTS = [
  ['name: glibc-compat', 'mountPath: /lib64'],
  ['name: glibc-compat', 'mountPath: /lib/x86_64-linux-gnu'],
];

/** The whole change as YAML to paste, for when no template was given. */
export function glibcCompatSnippet(): string {
  const item = (lines: string[], pad: string) => lines.map((l, i) => `${pad}${i === 0 ? '- ' : '  '}${l}`).join('\n');
  return [
    'spec:',
    '  initContainers:',
    item(glibcInitContainer('  '), '    '),
    '  containers:',
    '    - name: $job',
    '      volumeMounts:',
    ...GLIBC_MOUNTS.map((m) => item(m, '        ')),
    '  volumes:',
    item(GLIBC_VOLUME, '    '),
    '',
  ].join('\n');
}

function isNixImage(image: string): boolean {
  return parseNixeryImage(image) !== null || /(^|\/)nix(os)?\/|nixos|nixpkgs|(^|\/)nix:/.test(image.toLowerCase());
}

/** The template's own initContainers, when none of them fills the hooks' `externals` volume. */
function initContainersWithoutExternals(t: HookTemplateModel): string[] | null {
  if (t.initContainers.length === 0) return null;
  const fills = t.initContainers.some((c) =>
    (c.volumeMounts?.children ?? []).some((m) => itemField(m, 'name') === 'externals'),
  );
  return fills ? null : t.initContainers.map((c) => c.name ?? '(unnamed)');
}

function noDiff(fix: FixSuggestion, reason: string, steps: string[], snippet = false): FixSuggestion {
  return {
    ...fix,
    diff: null,
    diffUnavailableReason: reason,
    steps: mergeSteps(steps, fix.steps),
    ...(snippet
      ? {
          snippets: [
            {
              title: 'Hook template: glibc-compat init container and mounts',
              language: 'yaml',
              body: glibcCompatSnippet(),
            },
          ],
        }
      : {}),
  };
}

const ALTERNATIVE = 'Alternative: use a glibc-based job image (Debian/Ubuntu, e.g. ' +
  '`debian:bookworm-slim` with your tools installed); the runner\'s node in `/__e` then runs as is.';

/** `image/node-not-runnable`: tell the Nix, Alpine and empty-externals cases apart and fix the one it is. */
export const nodeGlibcCompat: FixGenerator = (finding: Finding, fix, inputs) => {
  const node = captureList(finding.captures['node'])[0] ?? 'node20';
  const glibc = captureList(finding.captures['glibc'])[0];
  let image: string | null = null;
  const wf = inputs.workflow;
  if (wf?.model) image = pickWorkflowJob(wf.model, inputs.job)?.container?.image ?? null;
  const template = inputs.template;

  if (node.endsWith('_alpine') || (image !== null && /alpine|musl/i.test(image))) {
    return noDiff(fix, 'Alpine (musl) job image: the change is in the runner image or the job image, not ' +
      'in a file given here', [
      `The job image is Alpine, so the hooks run ` +
        `\`/__e/${node.endsWith('_alpine') ? node : `${node}_alpine`}/bin/node\`: the runner image (or ` +
        `\`$ACTIONS_RUNNER_IMAGE\` for the hooks' \`fs-init\`) must ship ` +
        `\`externals/${node.replace(/_alpine$/, '')}_alpine\`; check with \`ls /home/runner/externals\` ` +
        `in the runner pod.`,
      'JavaScript actions in Alpine containers only work on x64 runners; on arm64 there is no Alpine node at all.',
      ALTERNATIVE,
    ]);
  }
  if (glibc) {
    return noDiff(fix, `the job image's glibc is older than ${glibc}, which the runner's \`${node}\` ` +
      `needs; that is the image's base, not a file given here`, [
      `\`/__e/${node}/bin/node\` needs GLIBC ${glibc}; the job image has an older glibc. Use a newer ` +
        `base (e.g. Debian 12 / Ubuntu 22.04 or later).`,
      ALTERNATIVE,
    ]);
  }
  if (template?.error) {
    return noDiff(fix, unreadableReason(template), [ALTERNATIVE], image !== null && isNixImage(image));
  }
  const nix = image !== null && isNixImage(image);
  const tm = template?.model ?? null;
  const ownInit = tm ? initContainersWithoutExternals(tm) : null;

  if (nix) {
    const why = `\`${image}\` is built by Nix: it has no \`/lib64/ld-linux-x86-64.so.2\`, so the ` +
      `runner's glibc-linked \`/__e/${node}/bin/node\` cannot start ("No such file or directory" is ` +
      `about the missing loader, not node).`;
    const steps = [
      why,
      `Add to the hook template an init container \`setup-glibc-compat\` (image \`${RUNNER_IMAGE}\`) ` +
        `that copies the glibc loader and libraries into an \`emptyDir\` \`glibc-compat\`, mounted in ` +
        `\`$job\` at \`/lib64\` and \`/lib/x86_64-linux-gnu\`; it also copies the runner externals into ` +
        `the hooks' \`externals\` volume, because a template \`initContainers\` list replaces the hooks' \`fs-init\`.`,
      'Redeploy the runner scale set so new runner pods read the template, then re-run the job.',
      ALTERNATIVE,
      'Other ways: nix-ld or an FHS wrapper in the image, or patchelf on the node binary.',
    ];
    if (!tm || !template) return noDiff(fix, 'no hook template was given (`--hook-template`): paste the ' +
      'snippet into it', steps, true);
    if ((tm.volumes?.children ?? []).some((v) => itemField(v, 'name') === 'glibc-compat')) {
      return noDiff(fix, `${template.path} already has a \`glibc-compat\` volume; check its init ` +
        `container copies the loader and that \`$job\` mounts it at /lib64`, steps);
    }
    const mounted = (jobContainer(tm)?.volumeMounts?.children ?? []).find((m) =>
      ['/lib64', '/lib/x86_64-linux-gnu'].includes(itemField(m, 'mountPath') ?? ''),
    );
    if (mounted) {
      return noDiff(fix, `the \`$job\` container in ${template.path} already mounts something at ` +
        `\`${itemField(mounted, 'mountPath')}\`; merge the glibc-compat mounts by hand`, steps, true);
    }
    const editor = new YamlTextEditor(tm.text);
    try {
      const u = editor.indentUnit;
      appendToSpecList(tm, editor, 'initContainers', [glibcInitContainer(u)]);
      appendJobMounts(tm, editor, GLIBC_MOUNTS);
      appendToSpecList(tm, editor, 'volumes', [GLIBC_VOLUME]);
    } catch (err) {
      if (err instanceof UneditableYamlError)
        return noDiff(fix, `cannot edit ${template.path} safely: ${err.message}`, steps, true);
      throw err;
    }
    const after = editor.result();
    return {
      ...fix,
      diff: gitDiff(template.path, tm.text, after),
      diffUnavailableReason: null,
      files: [template.path],
      steps,
      commands: [`kubectl exec -n <namespace> <runner>-workflow -c job -- ls -la /lib64/ /__e/${node}/bin/node`],
    };
  }

  if (tm && template && ownInit) {
    const steps = [
      `${template.path} sets its own \`initContainers\` (${ownInit.join(', ')}), which replaces the ` +
        `hooks' \`fs-init\`: nothing copies the runner externals into \`/__e\`, so \`/__e/${node}\` is empty.`,
      `The diff adds an init container \`copy-externals\` (image \`${RUNNER_IMAGE}\`) that fills the ` +
        `hooks' \`externals\` volume, as \`fs-init\` would.`,
      'Redeploy the runner scale set, then re-run the job.',
    ];
    const editor = new YamlTextEditor(tm.text);
    try {
      appendToSpecList(tm, editor, 'initContainers', [copyExternalsInitContainer(editor.indentUnit)]);
    } catch (err) {
      if (err instanceof UneditableYamlError)
        return noDiff(fix, `cannot edit ${template.path} safely: ${err.message}`, steps);
      throw err;
    }
    return {
      ...fix,
      diff: gitDiff(template.path, tm.text, editor.result()),
      diffUnavailableReason: null,
      files: [template.path],
      steps,
    };
  }

  const externalsSteps = [
    `If \`/__e/${node}\` is empty or missing: the hooks' \`fs-init\` copies externals from ` +
      `\`$ACTIONS_RUNNER_IMAGE\` (default \`${RUNNER_IMAGE}\`); a runner image without ` +
      `\`externals/${node}\` (too old or too new for the action) or a hook template with its own ` +
      `\`initContainers\` leaves it empty.`,
    `If \`/__e/${node}/bin/node\` exists but \`/lib64/ld-linux-x86-64.so.2\` does not, the job image ` +
      `lacks glibc (Nix/Nixery, distroless): add the glibc-compat init container from the snippet to the ` +
      `hook template.`,
    ALTERNATIVE,
  ];
  if (image === null) {
    return noDiff(fix, `the job image is unknown (pass \`--workflow\`${wf ? ' and `--job`' : ''}), so it ` +
      `cannot be told whether the image lacks glibc or \`/__e\` is empty`, externalsSteps, true);
  }
  return noDiff(fix, `\`${image}\` is not a Nix image, so the glibc loader is not the problem; ` +
    `\`/__e/${node}\` is probably empty, which is fixed in the runner image or the scale set, not in a ` +
    `file given here`, externalsSteps);
};
