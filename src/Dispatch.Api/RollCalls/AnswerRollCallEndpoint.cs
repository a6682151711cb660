using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Geo;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.RollCalls;

public sealed record AnswerRollCallRequest(Guid? UnitId, LocationInput? Position);

/// <summary>A unit answers the roll call, optionally with its position, which is measured against its post.</summary>
public static class AnswerRollCallEndpoint
{
    [Authorize(Policy = Policies.UnitReport)]
    [WolverinePost("/roll-calls/{id}/answers")]
    [ProducesResponseType(typeof(RollCallView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, AnswerRollCallRequest? request, HttpContext http, IDocumentStore store,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.UnitId is null || request.UnitId == Guid.Empty) errors["unitId"] = ["is required"];
        var position = request.Position is null ? null : RequestRules.Location(request.Position, "position", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (UnitScope.Forbid(http, request.UnitId!.Value, dispatcherToo: false) is { } forbidden) return forbidden;

        // Marten refuses the empty id as a stream id; to the caller it is simply no such roll call.
        if (id == Guid.Empty) return Problems.NotFound($"Roll call {id}", http);
        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var stream = await session.Events.FetchForWriting<RollCallState>(id, cancellation);
        if (stream.Aggregate is null) return Problems.NotFound($"Roll call {id}", http);
        var post = stream.Aggregate.Posts.FirstOrDefault(p => p.UnitId == request.UnitId);
        double? distance = position is { } p && post is not null && reference.PlacesById.TryGetValue(post.PlaceId, out var place)
            ? Math.Round(LocalProjection.DistanceMetres(p.Wgs84, place.Location), 1)
            : null;
        var decision = RollCallDecider.Answer(stream.Aggregate, request.UnitId!.Value, position?.Wgs84, distance, caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(RollCallView.From(stream.Aggregate, now));
        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
        var state = decision.Events.Aggregate(stream.Aggregate, (s, e) => RollCallState.Evolve(s, e)!) with { Version = stream.Aggregate.Version + 1 };
        return Results.Ok(RollCallView.From(state, now));
    }
}
