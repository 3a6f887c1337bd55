"use client";
// The form for one curation rule: what to do, to which concept, and the new name / merge target / alias.
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { addConceptRuleAction, type CurationState } from "@/lib/admin/actions";

type ConceptOption = { key: string; name: string };

const valueLabels: Record<string, string> = {
  rename: "New name",
  merge: "Merge into (name, slug or key)",
  alias: "Alias (another name readers use)",
};

export function ConceptRuleForm({ concepts }: { concepts: ConceptOption[] }) {
  const [state, action, pending] = useActionState<CurationState, FormData>(addConceptRuleAction, {});
  const [kind, setKind] = useState("rename");
  const formRef = useRef<HTMLFormElement>(null);
  // Submitted by hand rather than through `action`, which would reset the form even when the rule is refused.
  useEffect(() => {
    if (!state.ok) return;
    formRef.current?.reset();
    setKind("rename");
  }, [state]);
  return (
    <form
      ref={formRef}
      className="filters curation-form"
      aria-label="Add a curation rule"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <div>
        <label htmlFor="rule-action">Action</label>
        <select id="rule-action" name="action" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="rename">Rename</option>
          <option value="merge">Merge</option>
          <option value="hide">Hide</option>
          <option value="alias">Add alias</option>
        </select>
      </div>
      <div>
        <label htmlFor="rule-target">Concept (name, slug or key)</label>
        <input id="rule-target" name="target" list="concept-keys" required autoComplete="off" />
      </div>
      {kind !== "hide" && (
        <div>
          <label htmlFor="rule-value">{valueLabels[kind]}</label>
          <input
            id="rule-value"
            name="value"
            list={kind === "merge" ? "concept-keys" : undefined}
            required
            autoComplete="off"
          />
        </div>
      )}
      <datalist id="concept-keys">
        {concepts.map((c) => (
          <option key={c.key} value={c.key}>
            {c.name}
          </option>
        ))}
      </datalist>
      <div className="filters__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Add rule"}
        </button>
      </div>
      <p className={state.ok ? "form-ok" : "form-error"} role={state.ok ? "status" : "alert"}>
        {state.message ?? ""}
      </p>
    </form>
  );
}
