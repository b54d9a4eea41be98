import { useState } from "react";
import type { SectionDraft } from "../../lib/examDraft";
import { newSection } from "../../lib/examDraft";
import { move } from "../../lib/lists";
import { newDraft, TYPE_LABELS, type QuestionDraft } from "../../lib/questions";
import { SelectField, TextField } from "../../ui/Field";
import { QuestionEditor } from "../editor/QuestionEditor";

/** An exam's sections and their questions (or bank draws); errors by the service's field path. */
export function SectionsEditor({
  sections,
  onChange,
  errors,
}: {
  sections: SectionDraft[];
  onChange: (sections: SectionDraft[]) => void;
  errors: Record<string, string>;
}) {
  const setSection = (index: number, section: SectionDraft) =>
    onChange(sections.map((s, i) => (i === index ? section : s)));
  return (
    <section aria-labelledby="sections-heading">
      <h2 id="sections-heading">Sections and questions</h2>
      {errors.sections ? <p className="field-error">{errors.sections}</p> : null}
      <ol className="section-list">
        {sections.map((section, index) => (
          <li key={section.key} className="card">
            <SectionEditor
              index={index}
              count={sections.length}
              section={section}
              onChange={(next) => setSection(index, next)}
              onMove={(by) => onChange(move(sections, index, by))}
              onRemove={() => onChange(sections.filter((_, i) => i !== index))}
              errors={errors}
            />
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={() => onChange([...sections, newSection("questions")])}>
          Add a section
        </button>
        <button type="button" onClick={() => onChange([...sections, newSection("draw")])}>
          Add a section drawn from the bank
        </button>
      </div>
    </section>
  );
}

function SectionEditor({
  index,
  count,
  section,
  onChange,
  onMove,
  onRemove,
  errors,
}: {
  index: number;
  count: number;
  section: SectionDraft;
  onChange: (section: SectionDraft) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
  errors: Record<string, string>;
}) {
  const name = `Section ${index + 1}`;
  const path = `sections[${index}]`;
  const set = (patch: Partial<SectionDraft>) => onChange({ ...section, ...patch });
  const setQuestion = (q: number, question: QuestionDraft) =>
    set({ questions: section.questions.map((old, i) => (i === q ? question : old)) });
  return (
    <>
      <div className="section-head">
        <h3>
          {name}
          {section.title.trim() ? `: ${section.title.trim()}` : ""}
        </h3>
        <div className="actions">
          <button type="button" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move ${name} down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button type="button" className="danger" aria-label={`Remove ${name}`} onClick={onRemove}>
            Remove
          </button>
        </div>
      </div>
      {errors[path] ? <p className="field-error">{errors[path]}</p> : null}
      <TextField
        label={`${name} title`}
        value={section.title}
        maxLength={200}
        onChange={(e) => set({ title: e.target.value })}
        error={errors[`${path}.title`]}
      />
      {section.kind === "draw" ? (
        <fieldset className="draw">
          <legend>Questions drawn from the bank for each attempt</legend>
          <TextField
            label={`${name} bank tag`}
            value={section.tag}
            onChange={(e) => set({ tag: e.target.value })}
            error={errors[`${path}.draw.tag`] ?? errors[`${path}.draw`]}
          />
          <TextField
            label={`${name} number of questions`}
            inputMode="numeric"
            value={section.count}
            onChange={(e) => set({ count: e.target.value })}
            error={errors[`${path}.draw.count`]}
          />
          <TextField
            label={`${name} points each`}
            inputMode="decimal"
            value={section.pointsEach}
            onChange={(e) => set({ pointsEach: e.target.value })}
            error={errors[`${path}.draw.pointsEach`]}
          />
        </fieldset>
      ) : (
        <>
          <ol className="question-list">
            {section.questions.map((question, q) => {
              const qName = `${name}, question ${q + 1}`;
              const qPath = `${path}.questions[${q}]`;
              const own: Record<string, string> = {};
              for (const [field, message] of Object.entries(errors)) {
                if (field.startsWith(`${qPath}.`)) {
                  own[field.slice(qPath.length + 1).split(/[.[]/)[0] ?? ""] = message;
                }
              }
              return (
                <li key={question.key}>
                  <fieldset className="question">
                    <legend>
                      Question {q + 1} · {TYPE_LABELS[question.type]}
                    </legend>
                    {errors[qPath] ? <p className="field-error">{errors[qPath]}</p> : null}
                    <QuestionEditor draft={question} onChange={(next) => setQuestion(q, next)} errors={own} />
                    <div className="actions">
                      <button
                        type="button"
                        aria-label={`Move ${qName} up`}
                        disabled={q === 0}
                        onClick={() => set({ questions: move(section.questions, q, -1) })}
                      >
                        Move up
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${qName} down`}
                        disabled={q === section.questions.length - 1}
                        onClick={() => set({ questions: move(section.questions, q, 1) })}
                      >
                        Move down
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove ${qName}`}
                        onClick={() => set({ questions: section.questions.filter((_, i) => i !== q) })}
                      >
                        Remove
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <AddQuestion name={name} onAdd={(type) => set({ questions: [...section.questions, newDraft(type)] })} />
        </>
      )}
    </>
  );
}

function AddQuestion({ name, onAdd }: { name: string; onAdd: (type: QuestionDraft["type"]) => void }) {
  const [type, setType] = useState<QuestionDraft["type"]>("SINGLE_CHOICE");
  return (
    <div className="add-question">
      <SelectField
        label={`Type of the next question in ${name}`}
        value={type}
        onChange={(e) => setType(e.target.value as QuestionDraft["type"])}
      >
        {Object.entries(TYPE_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <button type="button" onClick={() => onAdd(type)}>
        Add question to {name}
      </button>
    </div>
  );
}
