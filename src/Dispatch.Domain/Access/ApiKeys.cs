using NodaTime;

namespace Dispatch.Domain.Access;

/// <summary>The roles a caller can hold; they arrive as standard role claims.</summary>
public static class Roles
{
    public const string Dispatcher = "dispatcher";
    public const string FieldUnit = "field-unit";
    public const string Auditor = "auditor";
    public const string Integrator = "integrator";
    public const string Inspector = "inspector";
    public const string Administrator = "administrator";
    /// <summary>A county department or township government (fire, health, ...): its own tasks on incidents (claim <c>department</c>).</summary>
    public const string Department = "department";

    /// <summary>The gateway of the one-key call (一键呼叫) buttons and apps: it may raise one-key calls and nothing else.</summary>
    public const string DeviceGateway = "device-gateway";

    public static readonly IReadOnlyList<string> All = [Dispatcher, FieldUnit, Auditor, Integrator, Inspector, Administrator, Department, DeviceGateway];

    /// <summary>Machines and devices get keys; administrators sign in through the identity provider.</summary>
    public static readonly IReadOnlyList<string> GrantableToKeys = [Dispatcher, FieldUnit, Auditor, Integrator, Inspector, DeviceGateway];
}

/// <summary>
/// An administrator issued an API key for a machine or device. Only the SHA-256 of the secret is kept;
/// the secret itself was shown once, in the answer to the request.
/// </summary>
public sealed record ApiKeyIssued(Guid KeyId, string Name, IReadOnlyList<string> Roles, Guid? UnitId, IReadOnlyList<string> Contracts,
    string SecretSha256, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>An administrator revoked the key; from this commit on it authenticates nobody.</summary>
public sealed record ApiKeyRevoked(Guid KeyId, string Reason, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record ApiKeyState(Guid Id, string Name, IReadOnlyList<string> Roles, Guid? UnitId, IReadOnlyList<string> Contracts,
    string SecretSha256, string IssuedBy, Instant IssuedAt, string? RevokedBy = null, Instant? RevokedAt = null, string? RevocationReason = null)
{
    public static ApiKeyState? Evolve(ApiKeyState? state, object @event) => @event switch
    {
        ApiKeyIssued e => new ApiKeyState(e.KeyId, e.Name, e.Roles, e.UnitId, e.Contracts, e.SecretSha256, e.Actor, e.OccurredAt),
        ApiKeyRevoked e when state is not null => state with { RevokedBy = e.Actor, RevokedAt = e.OccurredAt, RevocationReason = e.Reason },
        _ => state,
    };
}

public static class ApiKeyDecider
{
    public static Decision Issue(ApiKeyState? existing, ApiKeyIssued issued)
    {
        if (existing is not null) return Decision.Reject(RejectionKind.Conflict, "key-exists", $"Key {issued.KeyId} already exists.");
        if (issued.Roles.Count == 0 || issued.Roles.Any(r => !Roles.GrantableToKeys.Contains(r)))
            return Decision.Reject(RejectionKind.RuleViolation, "role-not-grantable",
                $"A key may carry only these roles: {string.Join(", ", Roles.GrantableToKeys)}.");
        if (issued.Roles.Contains(Roles.FieldUnit) != issued.UnitId is not null)
            return Decision.Reject(RejectionKind.RuleViolation, "unit-id-mismatch",
                "A field-unit key names exactly its unit (unitId), and only a field-unit key names one.");
        if (issued.Contracts.Count > 0 && !issued.Roles.Contains(Roles.Integrator))
            return Decision.Reject(RejectionKind.RuleViolation, "contracts-without-integrator", "Only an integrator key is granted contracts.");
        return Decision.Accept(issued);
    }

    public static Decision Revoke(ApiKeyState? key, string reason, string actor, Instant now) => key switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "not-found", "No such key."),
        { RevokedAt: not null } => Decision.NoOp,
        _ => Decision.Accept(new ApiKeyRevoked(key.Id, reason, actor, now)),
    };
}
