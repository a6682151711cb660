using Dispatch.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Hosting;

/// <summary>RFC 9457 problem responses for domain rejections and for the failures that are the caller's, not ours.</summary>
public static class Problems
{
    public static IResult From(Rejection rejection, HttpContext http) => Results.Problem(
        statusCode: rejection.Kind switch
        {
            RejectionKind.NotFound => StatusCodes.Status404NotFound,
            RejectionKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        title: rejection.Code,
        detail: rejection.Detail,
        type: $"https://wuyang-patrol.example/problems/{rejection.Code}",
        instance: http.Request.Path);

    public static IResult NotFound(string what, HttpContext http) =>
        From(new Rejection(RejectionKind.NotFound, "not-found", $"{what} does not exist."), http);
}

/// <summary>Concurrency losses are conflicts the client can retry, never a 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (IsConcurrencyLoss(exception))
        {
            logger.LogWarning("Concurrent write lost: {Message}", exception.Message);
            return await Write(http, exception, StatusCodes.Status409Conflict, "concurrent-write",
                "Another request changed the same record at the same moment. Reload and try again.");
        }
        if (IsDatabaseUnavailable(exception))
        {
            logger.LogError(exception, "The event store is unreachable");
            http.Response.Headers.RetryAfter = "5";
            return await Write(http, exception, StatusCodes.Status503ServiceUnavailable, "store-unavailable",
                "The event store cannot be reached; nothing was recorded. Retry shortly.");
        }
        if (IsUnreadableStoredData(exception))
        {
            logger.LogError(exception, "A stored event cannot be read as written");
            return await Write(http, exception, StatusCodes.Status409Conflict, "unreadable-stored-event",
                "A stored event no longer reads as it was written (was a row changed in the database?). " +
                "GET /audit/verify names the first altered or missing event.");
        }
        return false;
    }

    /// <summary>Only a row changed behind the API's back makes stored data fail to parse: that is the store's state, not a bug here.</summary>
    private static bool IsUnreadableStoredData(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is JasperFx.Events.EventDeserializationFailureException or Marten.Exceptions.EventDeserializationFailureException
                or System.Text.Json.JsonException
                || e is Npgsql.PostgresException { SqlState: "22007" or "22008" or "22P02" })
                return true;
        return false;
    }

    private async ValueTask<bool> Write(HttpContext http, Exception exception, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = code,
                Detail = detail,
                Type = $"https://wuyang-patrol.example/problems/{code}",
            },
        });
    }

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException) return true;
        return false;
    }

    // StreamLockedException is not a ConcurrencyException, and both Marten and JasperFx.Events define one.
    public static bool IsConcurrencyLoss(Exception exception) => exception is JasperFx.ConcurrencyException
        or Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;
}
