import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { announcementQuery } from "../../api/stream";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Loading, PageHeading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { AnnouncementCard } from "./AnnouncementCard";
import { useMemberNames } from "../../api/members";

/** One announcement and its comments (where a notification about it leads). */
export default function AnnouncementPage() {
  const courseId = useCourseId();
  const { postId = "" } = useParams();
  const { course, teacher } = useCourse();
  const navigate = useNavigate();
  const { nameOf } = useMemberNames(courseId);
  const post = useQuery(announcementQuery(courseId, postId));

  return (
    <section>
      <p>
        <Link to={`/courses/${courseId}`}>Back to the stream</Link>
      </p>
      <PageHeading title={`${course.name}: Announcement`}>Announcement</PageHeading>
      {post.isPending ? (
        <Loading what="the announcement" />
      ) : post.isError ? (
        <ErrorNotice error={post.error} onRetry={() => void post.refetch()} />
      ) : (
        <AnnouncementCard
          announcement={post.data.announcement}
          nameOf={nameOf}
          teacher={teacher}
          writable={course.state === "ACTIVE"}
          level={2}
          commentsOpen
          onDeleted={() => void navigate(`/courses/${courseId}`, { replace: true })}
        />
      )}
    </section>
  );
}
