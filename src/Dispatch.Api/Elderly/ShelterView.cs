using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Api.Elderly;

/// <summary>Someone in a shelter: the person's name as the reader may see it (<see cref="PersonalData"/>).</summary>
public sealed record OccupantView(Guid PersonId, string? Name, Instant Since);

public sealed record ShelterView(Guid Id, string Code, string Name, string Address, GeoPoint Location, int Capacity, int Occupied, int Free,
    bool Open, bool Modeled, IReadOnlyList<OccupantView>? Occupants, long Version)
{
    public static ShelterView From(ShelterState shelter, ClaimsPrincipal user, IReadOnlyDictionary<Guid, VulnerablePersonState>? people) =>
        new(shelter.Id, shelter.Site.Code, shelter.Site.Name, shelter.Site.Address, shelter.Site.Location, shelter.Site.Capacity,
            shelter.Occupants.Count, shelter.Free, shelter.Open, shelter.Site.Modeled,
            people is null ? null : [.. shelter.Occupants.Select(o => new OccupantView(o.PersonId,
                people.TryGetValue(o.PersonId, out var p) ? PersonalData.ForReader(p.Record, user).Name : null, o.Since))],
            shelter.Version);
}
