import Foundation
import TestSupport
import Testing
@testable import UBootImage

@Suite("mkimage -l text", .tags(.pure))
struct ImageListingTests {
    @Test("sizes are printed the way genimg_print_size does")
    func sizes() {
        #expect(ImageListing.sizeText(5000) == "5000 Bytes = 4.88 KiB = 0.00 MiB")
        #expect(ImageListing.sizeText(5_242_880) == "5242880 Bytes = 5120.00 KiB = 5.00 MiB")
    }

    @Test("timestamps use ctime's layout, day padded with a space")
    func ctime() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(ImageListing.ctimeString(0, timeZone: utc) == "Thu Jan  1 00:00:00 1970")
        #expect(ImageListing.ctimeString(1_700_000_000, timeZone: utc) == "Tue Nov 14 22:13:20 2023")
    }

    @Test("unknown codes get mkimage's 'Unknown' names")
    func unknownNames() {
        #expect(ImageOS.displayName(200) == "Unknown OS")
        #expect(ImageOS.displayName(ImageOS.unity.rawValue) == "Unknown OS")
        #expect(ImageArchitecture.displayName(99) == "Unknown Architecture")
        #expect(ImageType.displayName(ImageType.loadable.rawValue) == "Unknown Image")
        #expect(ImageCompression.displayName(7) == "Unknown Compression")
        #expect(ImageCompression.displayName(0) == "uncompressed")
    }
}
