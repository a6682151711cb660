namespace Dispatch.Domain;

public enum RejectionKind
{
    /// <summary>The request clashes with the current state (HTTP 409).</summary>
    Conflict,
    /// <summary>The request is well formed but breaks a business rule (HTTP 422).</summary>
    RuleViolation,
    /// <summary>The thing the request is about does not exist (HTTP 404).</summary>
    NotFound,
}

public sealed record Rejection(RejectionKind Kind, string Code, string Detail);

/// <summary>What a decider answers: events to append, a rejection with its reason, or nothing to do.</summary>
public sealed record Decision(IReadOnlyList<object> Events, Rejection? Rejection)
{
    public static Decision Accept(params object[] events) => new(events, null);
    public static Decision Reject(RejectionKind kind, string code, string detail) => new([], new Rejection(kind, code, detail));
    public static readonly Decision NoOp = new([], null);

    public bool IsRejected => Rejection is not null;
    public bool IsNoOp => Rejection is null && Events.Count == 0;
}

/// <summary>Every domain event says who caused it and when it happened in the world (not when it was recorded).</summary>
public interface IDispatchEvent
{
    string Actor { get; }
    NodaTime.Instant OccurredAt { get; }
}
