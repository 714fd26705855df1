package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code ember-info} prints for each CUDA library, found or not; needs no GPU. */
class LibraryReportTest {

    @Test
    void versionsReadAsTheLibrariesWriteThem() {
        assertEquals("9.13.1", Cuda.versionText(91301));     // cudnnGetVersion, cublasLtGetVersion
        assertEquals("13.0.2", Cuda.versionText(130002));
        assertEquals("13.0", Cuda.cudaVersionText(13000));   // cudnnGetCudartVersion, cuDriverGetVersion
        assertEquals("12.8", Cuda.cudaVersionText(12080));
    }

    @Test
    void aLoadedLibraryListsItsFilesAndNotesAMissingOneSaysWhy() {
        var cudnn = new Cuda.Library("cuDNN", "9.13.1 for CUDA 13.0", List.of("/w/libcudnn_graph.so.9", "/w/libcudnn.so.9"),
                List.of("/w has no libcudnn_adv.so.9: ..."), null);
        var blas = new Cuda.Library("cuBLAS", "13.0.2", List.of("/w/libcublas.so.13"), List.of(), null);
        var rtc = new Cuda.Library("nvrtc", null, List.of(), List.of(), "nvrtc not found: tried libnvrtc.so.13 ...");

        assertEquals("cuDNN 9.13.1 for CUDA 13.0:\n    /w/libcudnn_graph.so.9\n    /w/libcudnn.so.9\n"
                + "    note: /w has no libcudnn_adv.so.9: ...", cudnn.toString());
        assertEquals("cuBLAS 13.0.2: /w/libcublas.so.13", blas.toString());
        assertEquals("nvrtc: not loaded: nvrtc not found: tried libnvrtc.so.13 ...", rtc.toString());
    }

    @Test
    void everyLibraryIsReportedLoadedOrWithTheFoldersSearched() {
        List<Cuda.Library> libraries = Cuda.libraries();

        List<String> names = libraries.stream().map(Cuda.Library::name).toList();
        assertTrue(names.contains("cuBLAS") && names.contains("cuDNN") && names.contains("nvrtc"), names.toString());
        for (Cuda.Library library : libraries) {
            if (library.loaded()) assertTrue(!library.files().isEmpty() && library.version() != null, library.toString());
            else assertTrue(library.problem().contains("in these folders:"), library.toString());
        }
    }
}
