using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Domain.Reference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Feed;

/// <summary>A page of the feed: CloudEvents in global sequence order, and the cursor to ask with next time.</summary>
public sealed record FeedPage(IReadOnlyList<JsonObject> Items, long Next);

/// <summary>
/// The pull feed: the granted contracts after a cursor, in sequence order. <c>next</c> moves past everything read,
/// events no contract covers included, so a consumer polling with it never reads a stretch twice; an empty page
/// with <c>next</c> equal to <c>after</c> means nothing new has committed yet.
/// </summary>
public static class GetFeedEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    [Authorize(Policy = Policies.Feed)]
    [WolverineGet("/feed")]
    [ProducesResponseType(typeof(FeedPage), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Get([FromQuery] string? after, [FromQuery] string? limit, [FromQuery] string? types,
        [FromQuery] string? grid, HttpContext http, FeedReader reader, ReferenceData reference, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var cursor = FeedQuery.Cursor(after, "after", errors);
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
                                  || size is < 1 or > MaxLimit))
            errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];
        var filter = FeedQuery.Filter(types, grid, http.User, reference, errors, out var notGranted);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (notGranted.Count > 0) return FeedQuery.NotGranted(notGranted, http);

        var batch = await reader.ReadAsync(cursor!.Value, size, filter!, cancellation);
        return Results.Ok(new FeedPage([.. batch.Items.Select(i => StructuredCloudEvent.ToNode(i.Event))], batch.Next));
    }
}
