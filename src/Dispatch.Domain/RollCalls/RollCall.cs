using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.RollCalls;

/// <summary>A duty point called in a roll call (点名): the unit expected to answer and the post it stands for.</summary>
public sealed record RollCallPost(Guid UnitId, string CallSign, int? Grid, string PlaceId, string PlaceName);

/// <summary>The command centre calls the roll of its duty points; answers are on time until AnswerBy, late until ClosesAt.</summary>
public sealed record RollCallStarted(Guid RollCallId, IReadOnlyList<RollCallPost> Posts, Instant AnswerBy, Instant ClosesAt, string? Note,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>A unit answered; <paramref name="DistanceMetres"/> from its post when it sent its position.</summary>
public sealed record RollCallAnswered(Guid RollCallId, Guid UnitId, string CallSign, bool Late, GeoPoint? Position, double? DistanceMetres,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The roll call closed; the posts that never answered are named.</summary>
public sealed record RollCallClosed(Guid RollCallId, IReadOnlyList<Guid> Unanswered, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record RollCallAnswer(Instant At, bool Late, double? DistanceMetres);

public sealed record RollCallState(Guid Id, IReadOnlyList<RollCallPost> Posts, Instant StartedAt, Instant AnswerBy, Instant ClosesAt,
    string? Note, string StartedBy, IReadOnlyDictionary<Guid, RollCallAnswer> Answers, bool Closed)
{
    public long Version { get; init; }

    public static RollCallState? Evolve(RollCallState? state, object @event) => @event switch
    {
        RollCallStarted e => new RollCallState(e.RollCallId, e.Posts, e.OccurredAt, e.AnswerBy, e.ClosesAt, e.Note, e.Actor,
            new Dictionary<Guid, RollCallAnswer>(), false),
        RollCallAnswered e when state is not null => state with
        {
            Answers = new Dictionary<Guid, RollCallAnswer>(state.Answers) { [e.UnitId] = new(e.OccurredAt, e.Late, e.DistanceMetres) },
        },
        RollCallClosed when state is not null => state with { Closed = true },
        _ => state,
    };
}

public static class RollCallDecider
{
    public static Decision Answer(RollCallState? call, Guid unitId, GeoPoint? position, double? distanceMetres, string actor, Instant now)
    {
        if (call is null) return Decision.Reject(RejectionKind.NotFound, "roll-call-not-found", "No such roll call.");
        if (call.Posts.FirstOrDefault(p => p.UnitId == unitId) is not { } post)
            return Decision.Reject(RejectionKind.RuleViolation, "not-called", "This unit was not called in this roll call.");
        // The first answer stands; a radio retry is not a second answer.
        if (call.Answers.ContainsKey(unitId)) return Decision.NoOp;
        if (call.Closed || now >= call.ClosesAt)
            return Decision.Reject(RejectionKind.Conflict, "roll-call-closed",
                $"The roll call closed at {call.ClosesAt}; {post.CallSign} is recorded as not answering.");
        return Decision.Accept(new RollCallAnswered(call.Id, unitId, post.CallSign, now > call.AnswerBy, position, distanceMetres, actor, now));
    }

    public static Decision Close(RollCallState? call, string actor, Instant now)
    {
        if (call is null || call.Closed) return Decision.NoOp;
        if (now < call.ClosesAt) return Decision.NoOp;
        return Decision.Accept(new RollCallClosed(call.Id, [.. call.Posts.Select(p => p.UnitId).Where(id => !call.Answers.ContainsKey(id))],
            actor, now));
    }
}
