using Dispatch.Domain.Access;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each API key with its hash, roles and revocation, kept inline so a revocation counts from its commit.</summary>
public partial class ApiKeyStateProjection : SingleStreamProjection<ApiKeyState, Guid>
{
    public override ApiKeyState? Evolve(ApiKeyState? snapshot, Guid id, IEvent e) => ApiKeyState.Evolve(snapshot, e.Data);
}

public static class ApiKeyStore
{
    public static void AddApiKeys(this StoreOptions opts) =>
        opts.Projections.Add(new ApiKeyStateProjection(), ProjectionLifecycle.Inline);
}
