using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Units;

namespace Dispatch.Api.Units;

/// <summary>Optimistic concurrency for unit writes: the stream version as ETag, If-Match or expectedVersion in, 409 when stale.</summary>
public static class UnitVersions
{
    /// <summary>From <c>expectedVersion</c> in the body or an <c>If-Match: "N"</c> header; both given must agree.</summary>
    public static long? Expected(long? fromBody, HttpContext http, Dictionary<string, string[]> errors)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return fromBody;
        if (!long.TryParse(header.Trim().Trim('"'), out var fromHeader))
        {
            errors["If-Match"] = ["must be a unit version as an entity tag, e.g. \"7\""];
            return null;
        }
        if (fromBody is { } body && body != fromHeader) errors["expectedVersion"] = ["disagrees with If-Match"];
        return fromHeader;
    }

    public static IResult? Stale(UnitState? current, long? expected, HttpContext http)
    {
        if (current is null || expected is not { } wanted || wanted == current.Version) return null;
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "stale-version",
            type: "https://wuyang-patrol.example/problems/stale-version", instance: http.Request.Path,
            detail: $"The unit changed since version {wanted}; it is now at version {current.Version}. Reload and decide again.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
    }

    /// <summary>The unit after the decision, with its new version as the ETag.</summary>
    public static IResult Answer(UnitState before, Decision decision, HttpContext http)
    {
        var unit = decision.Events.Aggregate((UnitState?)before, UnitDecider.Evolve)! with { Version = before.Version + decision.Events.Count };
        var row = UnitBoardRow.From(unit);
        http.Response.Headers.ETag = row.ETag;
        return Results.Ok(row);
    }
}
