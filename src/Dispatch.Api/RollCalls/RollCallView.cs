using Dispatch.Domain.RollCalls;
using NodaTime;

namespace Dispatch.Api.RollCalls;

public sealed record RollCallPostView(Guid UnitId, string CallSign, int? Grid, string PlaceId, string PlaceName, string Outcome,
    Instant? AnsweredAt, double? DistanceMetres);

/// <param name="Status">open (answers on time), late (answers count as late), closed.</param>
public sealed record RollCallView(Guid Id, string Status, Instant StartedAt, Instant AnswerBy, Instant ClosesAt, string? Note, string StartedBy,
    int OnTime, int Late, int NoAnswer, int Pending, IReadOnlyList<RollCallPostView> Posts, long Version)
{
    public static RollCallView From(RollCallState call, Instant now)
    {
        var posts = call.Posts.Select(p =>
        {
            var answer = call.Answers.GetValueOrDefault(p.UnitId);
            var outcome = answer is not null ? (answer.Late ? "late" : "on-time") : call.Closed || now >= call.ClosesAt ? "no-answer" : "pending";
            return new RollCallPostView(p.UnitId, p.CallSign, p.Grid, p.PlaceId, p.PlaceName, outcome, answer?.At, answer?.DistanceMetres);
        }).ToList();
        var status = call.Closed || now >= call.ClosesAt ? "closed" : now > call.AnswerBy ? "late" : "open";
        return new RollCallView(call.Id, status, call.StartedAt, call.AnswerBy, call.ClosesAt, call.Note, call.StartedBy,
            posts.Count(p => p.Outcome == "on-time"), posts.Count(p => p.Outcome == "late"), posts.Count(p => p.Outcome == "no-answer"),
            posts.Count(p => p.Outcome == "pending"), posts, call.Version);
    }
}
