import { Link } from "react-router";
import { PageHeading } from "../ui/Page";

export default function NotFound() {
  return (
    <section className="narrow">
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>There is no page at this address. The link may be mistyped, or the page was moved.</p>
      <p>
        <Link to="/">Go to your courses</Link>
      </p>
    </section>
  );
}
