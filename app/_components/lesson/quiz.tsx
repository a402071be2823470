'use client';

import { createContext, useContext, useId, useState, type ReactNode } from 'react';

/**
 * <Quiz question> with <Choice correct? explanation> children: answered in the browser, nothing
 * is sent anywhere. Picking a choice shows whether it is right and that choice's explanation.
 */
const QuizContext = createContext<{ picked: number | null; pick: (i: number) => void; name: string } | null>(null);

export function Quiz({ question, children }: { question?: string; children?: ReactNode }) {
  const [picked, setPicked] = useState<number | null>(null);
  const name = useId();
  return (
    <QuizContext.Provider value={{ picked, pick: setPicked, name }}>
      <section className="quiz" aria-label="Quiz" data-testid="quiz">
        <p className="quiz__question">{question}</p>
        <ul className="quiz__choices">{children}</ul>
      </section>
    </QuizContext.Provider>
  );
}

export function Choice({
  index,
  correct,
  explanation,
  children,
}: {
  index?: string;
  correct?: string;
  explanation?: string;
  children?: ReactNode;
}) {
  const ctx = useContext(QuizContext);
  const i = Number(index ?? -1);
  const isPicked = ctx?.picked === i;
  const isCorrect = correct === 'true';
  return (
    <li className={`quiz__choice${isPicked ? (isCorrect ? ' is-correct' : ' is-wrong') : ''}`}>
      <button type="button" aria-pressed={isPicked} onClick={() => ctx?.pick(i)}>
        {children}
      </button>
      {isPicked ? (
        <p className="quiz__feedback" role="status">
          <strong>{isCorrect ? 'Correct.' : 'Not quite.'}</strong> {explanation}
        </p>
      ) : null}
    </li>
  );
}
