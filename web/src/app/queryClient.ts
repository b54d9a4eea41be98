import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { meQuery } from "../api/auth";
import { ApiError } from "../api/http";

/** Worth asking again by itself: no answer at all, or a service briefly down. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504)
  );
}

export function createQueryClient(): QueryClient {
  let client: QueryClient;
  // A 401 anywhere means the session ended (signed out elsewhere, expired,
  // revoked): the person is shown the sign-in page, which brings them back.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      client.setQueryData(meQuery.queryKey, null);
    }
  };
  client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) => isTransient(error) && failures < 3,
        retryDelay: (attempt, error) =>
          error instanceof ApiError && error.retryAfter !== null
            ? error.retryAfter * 1000
            : Math.min(1000 * 2 ** attempt, 8000),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
