using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Api.Elderly;

/// <summary>Where the person is: <c>home</c> or <c>shelter</c> (with its id and name), since when.</summary>
public sealed record WhereaboutsView(string Place, Guid? ShelterId, string? ShelterName, Instant? Since);

/// <summary>
/// A registered person as a reader may see them: the personal data (name, phone, address, contacts, notes) whole for
/// dispatchers and auditors, masked for inspectors and administrators (<see cref="PersonalData"/>).
/// </summary>
public sealed record VulnerablePersonView(Guid Id, string Status, string Name, string Phone, string Address, GeoPoint Location,
    GivenPosition GivenLocation, string HouseholdCode, IReadOnlyList<string> Needs, string? Notes, IReadOnlyList<CareContact> Contacts,
    string? DeviceId, Instant RegisteredAt, string RegisteredBy, Instant? DeregisteredAt, string? DeregistrationReason,
    WhereaboutsView Whereabouts, long Version)
{
    public static VulnerablePersonView From(VulnerablePersonState person, ClaimsPrincipal user, IReadOnlyDictionary<Guid, string>? shelterNames = null)
    {
        var record = PersonalData.ForReader(person.Record, user);
        return new VulnerablePersonView(person.Id, person.Registered ? "registered" : "deregistered", record.Name, record.Phone, record.Address,
            record.Location, record.GivenLocation, record.HouseholdCode, record.Needs, record.Notes, record.Contacts, record.DeviceId,
            person.RegisteredAt, person.RegisteredBy, person.DeregisteredAt, person.DeregistrationReason,
            WhereaboutsOf(person.ShelterId, person.WhereaboutsSince, shelterNames), person.Version);
    }

    public static WhereaboutsView WhereaboutsOf(Guid? shelterId, Instant? since, IReadOnlyDictionary<Guid, string>? shelterNames) =>
        shelterId is { } shelter
            ? new WhereaboutsView("shelter", shelter, shelterNames?.GetValueOrDefault(shelter), since)
            : new WhereaboutsView("home", null, null, since);
}
