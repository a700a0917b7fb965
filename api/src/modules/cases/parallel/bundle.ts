/**
 * One-thing bundles (一件事一次办): several items in one application with one merged form and one
 * de-duplicated material list, so that the applicant never hands in the same document twice.
 */
export interface BundleMaterial {
  code: string;
  name: string;
  required: boolean;
  [extra: string]: unknown;
}

export interface BundleFormField {
  key: string;
  label: string;
  required?: boolean;
  [extra: string]: unknown;
}

export interface BundleMember {
  itemCode: string;
  name: string;
  /** Prefix of this member's own material codes in the bundle, e.g. `FD` → `FD_M01`. */
  prefix: string;
  materials: BundleMaterial[];
  form: { fields?: BundleFormField[] };
}

/** Materials that several members ask for under their own codes: asked once, under `code`. */
export interface SharedMaterial {
  code: string;
  name: string;
  from: { itemCode: string; materialCode: string }[];
}

export interface MergedMaterial extends BundleMaterial {
  /** Member items that need it: each department sees the same file. */
  usedBy: { itemCode: string; materialCode: string }[];
}

export interface MergedBundle {
  materials: MergedMaterial[];
  form: { fields: BundleFormField[] };
}

/**
 * Merges the members' materials and forms. A shared material replaces every member material it
 * names (required when any of them is); the others keep their member's prefix. Form fields with
 * the same key are one field, required when any member requires it, labelled as first seen.
 * Throws when a shared material names a member or material that does not exist, so a bundle
 * definition cannot silently ask for something twice.
 */
export function mergeBundle(members: BundleMember[], shared: SharedMaterial[]): MergedBundle {
  const byItem = new Map(members.map((m) => [m.itemCode, m]));
  const sharedOf = new Map<string, string>();
  const materials: MergedMaterial[] = [];
  for (const s of shared) {
    const sources = s.from.map((f) => {
      const member = byItem.get(f.itemCode);
      const material = member?.materials.find((x) => x.code === f.materialCode);
      if (!material)
        throw new Error(`bundle shared material ${s.code}: ${f.itemCode}/${f.materialCode} does not exist`);
      const key = `${f.itemCode}/${f.materialCode}`;
      if (sharedOf.has(key)) throw new Error(`bundle material ${key} is shared twice`);
      sharedOf.set(key, s.code);
      return material;
    });
    materials.push({
      code: s.code,
      name: s.name,
      required: sources.some((m) => m.required),
      usedBy: s.from.map((f) => ({ ...f })),
    });
  }
  for (const m of members) {
    for (const mat of m.materials) {
      if (sharedOf.has(`${m.itemCode}/${mat.code}`)) continue;
      materials.push({
        ...mat,
        code: `${m.prefix}_${mat.code}`,
        usedBy: [{ itemCode: m.itemCode, materialCode: mat.code }],
      });
    }
  }
  const codes = materials.map((m) => m.code);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new Error(`bundle material code ${dup} is used twice`);

  const fields = new Map<string, BundleFormField>();
  for (const m of members) {
    for (const f of m.form.fields ?? []) {
      const seen = fields.get(f.key);
      if (!seen) fields.set(f.key, { ...f });
      else if (f.required && !seen.required) seen.required = true;
    }
  }
  return { materials, form: { fields: [...fields.values()] } };
}
