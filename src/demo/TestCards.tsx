import { usePaymentMethods } from '../react.js';

/** The simulated processor's test methods and what each one does. */
export function TestCards() {
  const { methods, status } = usePaymentMethods();
  if (status !== 'ready') return null;
  return (
    <section aria-labelledby="cards-heading">
      <h2 id="cards-heading">Test payment methods</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((method) => (
            <tr key={method.id}>
              <td>
                <code>{method.id}</code> ({method.label})
              </td>
              <td>{method.behaviour ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
