import { usePaymentMethods } from '../react.js';

/** The simulated processor's test methods and what each one does, named as the payment step names them. */
export function TestCards() {
  const { methods, status } = usePaymentMethods();
  if (status !== 'ready') return null;
  return (
    <section aria-labelledby="cards-heading" className="demo-card">
      <h2 id="cards-heading">Test payment methods</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Card</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((method) => (
            <tr key={method.id}>
              <td>
                {method.label} (<code>{method.id}</code>)
              </td>
              <td>{method.behaviour ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
